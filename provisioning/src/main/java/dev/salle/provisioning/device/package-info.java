/**
 * The device's side of enrolment: the HTTPS client pinned to the QR code's CA, the identity it
 * brings back (key, certificate chain, fleet settings), and where the device keeps it.
 */
package dev.salle.provisioning.device;

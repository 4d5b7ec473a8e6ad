/**
 * The organisation's device CA: its key pair and certificate, the certificates it issues to devices
 * (client authentication, CN = device id) and to the enrolment and broker servers, its CRL, and the
 * device's side of it (key pair and certificate request). Bouncy Castle does the X.509 work.
 */
package dev.salle.provisioning.ca;

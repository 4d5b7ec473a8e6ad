/** The printable enrolment sheet: an A4 PNG with a room's QR code and instructions. */
package dev.salle.provisioning.sheet;

/**
 * The enrolment QR code's payload (format in {@code docs/provisioning.md}): {@link
 * dev.salle.provisioning.qr.EnrolmentPayload} is what it says, {@link
 * dev.salle.provisioning.qr.PayloadSigner} makes the {@code SALLE1:} text an IT tool prints, and
 * {@link dev.salle.provisioning.qr.PayloadVerifier} is the device's strict reader, which refuses
 * anything not signed by a provisioning key its image trusts, with a {@link
 * dev.salle.provisioning.qr.QrRejectedException.Reason} and a sentence for the screen.
 */
package dev.salle.provisioning.qr;

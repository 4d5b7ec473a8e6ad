/**
 * DTLS 1.2 for WebRTC media: the DTLS-SRTP handshake of
 * <a href="https://www.rfc-editor.org/rfc/rfc5763">RFC 5763</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc5764">RFC 5764</a> on top of Bouncy Castle's
 * low-level TLS API, independent of how datagrams travel.
 *
 * <p>The pieces, in the order a call uses them:
 * <ol>
 *   <li>{@link dev.salle.rtc.dtls.DtlsCertificate} — the self-signed ECDSA P-256 certificate made
 *       at start-up, and its {@link dev.salle.rtc.dtls.CertificateFingerprint} for
 *       {@code a=fingerprint}.</li>
 *   <li>{@link dev.salle.rtc.dtls.SetupRole} — maps the {@code a=setup} values of offer and answer
 *       to a {@link dev.salle.rtc.dtls.DtlsRole}.</li>
 *   <li>{@link dev.salle.rtc.dtls.DtlsEndpoint} — runs the handshake over a
 *       {@link dev.salle.rtc.dtls.PacketTransport} (ICE plugs in there), checks the peer's
 *       certificate against the fingerprint from the remote SDP and returns a
 *       {@link dev.salle.rtc.dtls.DtlsSession}.</li>
 *   <li>{@link dev.salle.rtc.dtls.DtlsSrtpResult} — the negotiated SRTP profile and the exported
 *       keying material, for the SRTP layer to split into keys.</li>
 * </ol>
 *
 * <p>Every failure is a {@link dev.salle.rtc.dtls.DtlsException} whose
 * {@link dev.salle.rtc.dtls.DtlsException.Reason} says which rule was broken.
 */
package dev.salle.rtc.dtls;

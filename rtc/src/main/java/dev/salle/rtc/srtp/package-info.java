/**
 * SRTP and SRTCP protection (<a href="https://www.rfc-editor.org/rfc/rfc3711">RFC 3711</a>,
 * AEAD GCM <a href="https://www.rfc-editor.org/rfc/rfc7714">RFC 7714</a>) keyed by DTLS-SRTP
 * (<a href="https://www.rfc-editor.org/rfc/rfc5764">RFC 5764</a>), over jitsi-srtp.
 *
 * <p>{@link dev.salle.rtc.srtp.SrtpProfile} names the negotiated protection profile,
 * {@link dev.salle.rtc.srtp.SrtpKeys} splits the DTLS exported keying material,
 * {@link dev.salle.rtc.srtp.SrtpSession} protects outgoing and unprotects incoming RTP/RTCP in
 * place and counts every outcome. jitsi-srtp types stay inside this package.
 */
package dev.salle.rtc.srtp;

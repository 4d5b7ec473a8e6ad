/**
 * The server side of one WebRTC peer connection for the SFU: SDP offer/answer with an ICE-lite
 * host candidate on the shared {@link dev.salle.rtc.ice.UdpMux}, the DTLS-SRTP handshake
 * (<a href="https://www.rfc-editor.org/rfc/rfc5763">RFC 5763</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc5764">RFC 5764</a>) and the SRTP media path.
 *
 * <p>{@link dev.salle.rtc.peer.PeerConnection} is the entry point; it owns its ICE session,
 * DTLS session and SRTP session, and hands decrypted RTP/RTCP to a
 * {@link dev.salle.rtc.peer.PeerConnection.Listener}.
 */
package dev.salle.rtc.peer;

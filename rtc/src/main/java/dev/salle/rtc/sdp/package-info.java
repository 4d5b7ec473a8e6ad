/**
 * WebRTC session descriptions: an immutable model, a strict-but-tolerant parser, a generator
 * and the SFU-side answer builder.
 *
 * <p>Syntax follows <a href="https://www.rfc-editor.org/rfc/rfc8866">RFC 8866</a>; usage
 * (BUNDLE, rtcp-mux, answer rules) follows JSEP,
 * <a href="https://www.rfc-editor.org/rfc/rfc8829">RFC 8829</a>. {@link
 * dev.salle.rtc.sdp.SdpParser} turns text into a {@link dev.salle.rtc.sdp.SessionDescription};
 * {@link dev.salle.rtc.sdp.SessionDescription#toSdp()} writes it back, preserving unknown
 * attributes in order. {@link dev.salle.rtc.sdp.SdpAnswerer} builds an answer to a remote offer.
 * All types are immutable and safe to share between threads.
 */
package dev.salle.rtc.sdp;

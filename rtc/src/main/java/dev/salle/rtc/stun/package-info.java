/**
 * STUN messages (<a href="https://www.rfc-editor.org/rfc/rfc8489">RFC 8489</a>, formerly
 * <a href="https://www.rfc-editor.org/rfc/rfc5389">RFC 5389</a>) with the ICE attributes of
 * <a href="https://www.rfc-editor.org/rfc/rfc8445#section-16.1">RFC 8445 section 16.1</a>: parse,
 * verify MESSAGE-INTEGRITY (short-term credentials) and FINGERPRINT, encode, and read the local
 * ICE ufrag from USERNAME so one UDP port can serve many ICE sessions.
 *
 * <p>STUN runs at connectivity-check rate, not media rate: parsed messages are small immutable
 * objects. They are thread-safe; builders are not.
 */
package dev.salle.rtc.stun;

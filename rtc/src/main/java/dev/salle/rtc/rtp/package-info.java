/**
 * RTP packets (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">RFC 3550 section
 * 5.1</a>) as flyweight views over caller-owned buffers: validation, header fields, in-place
 * rewriting of the fields an SFU changes per subscriber, header extensions
 * (<a href="https://www.rfc-editor.org/rfc/rfc8285">RFC 8285</a>), the audio level extension
 * (<a href="https://www.rfc-editor.org/rfc/rfc6464">RFC 6464</a>) and sequence number arithmetic.
 *
 * <p>Nothing here allocates per packet once the views and cursors exist. Views are not
 * thread-safe: one per thread, re-wrapped for each packet.
 */
package dev.salle.rtc.rtp;

/**
 * RTCP (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6">RFC 3550 section 6</a>) and
 * its feedback messages (<a href="https://www.rfc-editor.org/rfc/rfc4585#section-6">RFC 4585
 * section 6</a>, <a href="https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1">RFC 5104 FIR</a>,
 * <a href="https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03">REMB</a>):
 * validation and iteration of compound packets without allocation ({@link RtcpCompoundIterator}),
 * typed parsing into small immutable records ({@link RtcpParser}), and writers that encode the
 * records into a caller's buffer.
 *
 * <p>Records are immutable and thread-safe; the iterator is not (one per thread).
 */
package dev.salle.rtc.rtcp;

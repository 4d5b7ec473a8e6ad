/**
 * First-byte demultiplexing of datagrams arriving on one UDP port shared by STUN, DTLS, TURN
 * channel data, RTP and RTCP, as in
 * <a href="https://www.rfc-editor.org/rfc/rfc7983#section-7">RFC 7983 section 7</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc5761#section-4">RFC 5761 section 4</a>, plus the
 * drop counters that every later packet stage reuses.
 */
package dev.salle.rtc.demux;

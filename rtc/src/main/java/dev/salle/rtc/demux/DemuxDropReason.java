package dev.salle.rtc.demux;

/** Why the demultiplexing stage dropped a datagram. */
public enum DemuxDropReason {
    /** The datagram had no bytes. */
    EMPTY,
    /** The first byte matched no protocol range of RFC 7983 section 7. */
    UNKNOWN_FIRST_BYTE,
    /** The datagram was of a kind that nobody on this port handles (for example TURN data). */
    UNHANDLED_KIND
}

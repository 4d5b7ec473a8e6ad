package dev.salle.rtc.ice;

/** Why the ICE-TCP port closed a connection before or instead of carrying media. Each is counted. */
public enum IceTcpCloseReason {
    /** A frame length of 0 or above {@link FrameReader#MAX_FRAME_BYTES} (RFC 4571 framing broken or hostile). */
    BAD_FRAME_LENGTH,
    /** The first frame was not a STUN Binding request. */
    FIRST_FRAME_NOT_A_CHECK,
    /** The first check named no session, the wrong remote ufrag, or failed MESSAGE-INTEGRITY or FINGERPRINT. */
    CHECK_NOT_AUTHENTICATED,
    /** No authenticated check within the time allowed. */
    NO_CHECK_IN_TIME,
    /** Too many connections were waiting for their first check already. */
    TOO_MANY_PENDING,
    /** The peer closed the connection before it authenticated. */
    CLOSED_BEFORE_CHECK
}

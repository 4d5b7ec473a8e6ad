package dev.salle.rtc.ice;

/** Why the UDP port dropped a datagram. Each is counted, none changes a session. */
public enum IceDropReason {
    /** Not STUN, DTLS, RTP or RTCP by its first byte (RFC 7983). */
    UNKNOWN_KIND,
    /** Looked like STUN but did not parse. */
    MALFORMED_STUN,
    /** A STUN message other than a Binding request (the lite side sends no checks, so expects no responses). */
    NOT_A_BINDING_REQUEST,
    /** USERNAME missing, or its local ufrag names no session on this port. */
    UNKNOWN_UFRAG,
    /** USERNAME's remote part does not match the remote ufrag the session was told. */
    WRONG_REMOTE_UFRAG,
    /** MESSAGE-INTEGRITY missing or wrong: answered with 401, nothing learnt. */
    BAD_INTEGRITY,
    /** FINGERPRINT present but wrong. */
    BAD_FINGERPRINT,
    /** DTLS/RTP/RTCP from an address no authenticated check came from. */
    UNKNOWN_SOURCE,
    /** The session's DTLS queue was full (its reader is not keeping up). */
    QUEUE_FULL,
    /** A Binding response that answers no check we sent, or came from another address than the check went to. */
    UNEXPECTED_RESPONSE,
    /** The peer answered one of our checks with an error (e.g. 487 role conflict). */
    CHECK_REFUSED,
    /** A check was not sent: too many were outstanding on the port. */
    TOO_MANY_CHECKS
}

package dev.salle.rtc.turn;

/**
 * Why a {@link TurnClient} dropped a datagram from its socket, or a message from its TCP or TLS
 * stream (where MALFORMED, OVERSIZED and TRUNCATED also end the connection and the allocation).
 */
public enum TurnDropReason {
    /** Not from the TURN server's address: a TURN client talks only to its server. */
    NOT_FROM_SERVER,
    /** Not a well-formed STUN message or ChannelData frame, or a known attribute is malformed. */
    MALFORMED,
    /** A comprehension-required attribute this client does not understand. */
    UNKNOWN_ATTRIBUTE,
    /** A response whose transaction id matches no request in flight (late, duplicate or forged). */
    UNKNOWN_TRANSACTION,
    /** A response whose method differs from its request's. */
    WRONG_METHOD,
    /** A response without MESSAGE-INTEGRITY where one is required (RFC 8489 section 9.2.5). */
    UNAUTHENTICATED,
    /** MESSAGE-INTEGRITY does not match the long-term key: forged or modified. */
    BAD_INTEGRITY,
    /** A Data indication from a peer without a permission, or without XOR-PEER-ADDRESS or DATA. */
    NO_PERMISSION,
    /** ChannelData on a channel that is not bound. */
    UNKNOWN_CHANNEL,
    /** A request, or an indication other than Data: a server does not send those to a client. */
    UNEXPECTED,
    /** The listener threw while handling relayed data. */
    LISTENER_FAILED,
    /** Over TCP or TLS: a message longer than a relayed datagram can be; the connection is dropped. */
    OVERSIZED,
    /** Over TCP or TLS: the stream ended inside a message; the connection is dropped. */
    TRUNCATED
}

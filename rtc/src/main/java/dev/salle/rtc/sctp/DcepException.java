package dev.salle.rtc.sctp;

/**
 * A DCEP message that was refused: malformed, or not acceptable in the association's state. The
 * message changes nothing; {@link SctpCounters#dcepDropped} counts it by {@link #reason()}.
 */
public final class DcepException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a DCEP message was refused. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY,
        /** A message type other than OPEN (0x03) or ACK (0x02). */
        UNKNOWN_MESSAGE_TYPE,
        /** An OPEN shorter than its 12-byte header. */
        TRUNCATED,
        /** Label and protocol lengths that do not add up to the message length, or an ACK with a payload. */
        BAD_LENGTHS,
        /** A channel type RFC 8832 §5.1 does not define. */
        UNKNOWN_CHANNEL_TYPE,
        /** A reliable channel type with a non-zero reliability parameter. */
        BAD_RELIABILITY_PARAMETER,
        /** A label or protocol longer than {@link DcepCodec#MAX_LABEL_BYTES}. */
        LABEL_TOO_LONG,
        /** A label or protocol that is not valid UTF-8. */
        BAD_UTF8,
        /** An OPEN on a stream id of our parity (RFC 8832 §6: the peer uses the other one). */
        WRONG_STREAM_PARITY,
        /** An OPEN on a stream that already carries a channel. */
        STREAM_IN_USE,
        /** An OPEN beyond {@link SctpConfig#maxChannels()}; the stream is reset. */
        TOO_MANY_CHANNELS,
        /** An ACK on a stream where we sent no OPEN, or a second ACK. */
        UNEXPECTED_ACK
    }

    private final Reason reason;

    public DcepException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the message was refused. */
    public Reason reason() {
        return reason;
    }
}

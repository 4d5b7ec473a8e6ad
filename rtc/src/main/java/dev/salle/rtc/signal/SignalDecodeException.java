package dev.salle.rtc.signal;

import java.util.Objects;

/**
 * A WebSocket frame was not a usable signalling message. The frame is to be dropped (or the
 * connection closed); nothing else changes. The message names the size or the message type, never
 * the frame's content.
 */
public final class SignalDecodeException extends Exception {

    /** Why a frame was refused. */
    public enum Reason {
        /** Zero bytes: protobuf would read it as a message with nothing set. */
        EMPTY,
        /** Larger than the codec's maximum; refused before parsing. */
        TOO_LARGE,
        /** Not protobuf, truncated, or fields of the wrong wire type. */
        NOT_PROTOBUF,
        /**
         * Valid protobuf, but none of the message's oneof members is set and no unknown field
         * either. {@code SignalRequest}/{@code SignalResponse} hold nothing but their oneof, so with
         * today's parser a non-empty frame ends up as a member or as {@link #UNKNOWN_MESSAGE}; this
         * reason guards against a parser that drops unknown fields.
         */
        NO_MESSAGE,
        /** Only fields this build does not know: a message from a newer protocol. */
        UNKNOWN_MESSAGE
    }

    private final Reason reason;

    public SignalDecodeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public SignalDecodeException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + Objects.requireNonNull(message, "message"), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

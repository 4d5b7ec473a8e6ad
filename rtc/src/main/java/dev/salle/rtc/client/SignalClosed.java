package dev.salle.rtc.client;

import java.util.Objects;

/**
 * Why a signalling connection ended.
 *
 * @param reason the kind of ending, for the reconnect decision
 * @param message what happened, with the server's close code and reason where there was one
 */
public record SignalClosed(Reason reason, String message) {

    /** The kinds of ending. */
    public enum Reason {
        /** {@link SignalConnection#close()} was called. */
        CLIENT_CLOSED,
        /** The server closed the WebSocket (after a {@code LeaveRequest} when it shut down). */
        SERVER_CLOSED,
        /** No pong within the JoinResponse's ping timeout: the connection is lost. */
        PING_TIMEOUT,
        /** The server sent a frame that is not a SignalResponse. */
        BAD_FRAME,
        /** The network failed under the WebSocket. */
        TRANSPORT_ERROR
    }

    public SignalClosed {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}

package dev.salle.rtc.client;

import java.util.Objects;

/** Why {@link LiveKitSignalClient#connect} did not give a joined connection. */
public final class SignalConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Reason {
        /** HTTP 401 at the upgrade: the token is invalid or expired; the message has the server's words. */
        UNAUTHORIZED,
        /** Another HTTP status at the upgrade (403, 404, 5xx, …). */
        REJECTED,
        /** The host could not be reached (refused, no route, timed out). */
        UNREACHABLE,
        /** Connected, but no JoinResponse within the join timeout. */
        JOIN_TIMEOUT,
        /** The first message was not a JoinResponse, or not a SignalResponse at all. */
        PROTOCOL,
        /**
         * A resume ({@code reconnect=1}) was refused: the server answered with a Leave (it no longer
         * holds the session); join again from scratch.
         */
        RESUME_REFUSED
    }

    private final Reason reason;

    public SignalConnectException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

package dev.salle.rtc.turn;

import java.util.Objects;
import java.util.OptionalInt;

/** A TURN transaction that failed: the server refused it, or no valid response came in time. */
public final class TurnException extends Exception {

    /** What went wrong. */
    public enum Kind {
        /** The server refused the credentials (401 after an authenticated request). */
        WRONG_CREDENTIALS,
        /** The server answered with another error code. */
        ERROR_RESPONSE,
        /** No valid response after every retransmission. */
        TIMEOUT,
        /** The TLS handshake failed: the certificate is not trusted or does not name the host. */
        TLS,
        /** The socket failed or the client is closed. */
        IO
    }

    private final Kind kind;
    private final int errorCode;

    /** A failure without an error code. */
    public TurnException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message, cause);
        this.kind = kind;
        this.errorCode = -1;
    }

    /** A failure with the server's error code. */
    public TurnException(Kind kind, int errorCode, String message) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The server's error code, when it sent one. */
    public OptionalInt errorCode() {
        return errorCode < 0 ? OptionalInt.empty() : OptionalInt.of(errorCode);
    }
}

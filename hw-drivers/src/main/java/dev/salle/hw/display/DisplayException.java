package dev.salle.hw.display;

/** A display command failed; the message says which command, what came back and what to do. */
public final class DisplayException extends RuntimeException {

    public DisplayException(String message) {
        super(message);
    }

    public DisplayException(String message, Throwable cause) {
        super(message, cause);
    }
}

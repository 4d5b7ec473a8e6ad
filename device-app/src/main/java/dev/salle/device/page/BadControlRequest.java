package dev.salle.device.page;

/** A control API request whose body cannot be used; the message says what is wrong and what to send. */
final class BadControlRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadControlRequest(String message) {
        super(message);
    }
}

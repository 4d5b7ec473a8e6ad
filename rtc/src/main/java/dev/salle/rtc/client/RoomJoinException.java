package dev.salle.rtc.client;

import java.util.Objects;

/** Why joining a meeting failed: a {@link Failure} the screen can show, and a message with the details. */
public final class RoomJoinException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The failures a device distinguishes, each with a line a person in the room can act on. */
    public enum Failure {
        UNREACHABLE("The meeting server cannot be reached. Check the network."),
        NOT_FOUND("This meeting does not exist. Check the link."),
        DENIED("The host did not let this room in."),
        WAIT_TIMED_OUT("Nobody let this room in. Try again later."),
        TOKEN_REJECTED("The meeting server refused the access token (invalid or expired)."),
        THROTTLED("Too many attempts. Wait a minute and try again."),
        SERVER_ERROR("The meeting server had a problem. Try again later."),
        MALFORMED_ANSWER("The meeting server answered something this device does not understand.");

        private final String humanMessage;

        Failure(String humanMessage) {
            this.humanMessage = humanMessage;
        }

        /** A short sentence for the screen. */
        public String humanMessage() {
            return humanMessage;
        }
    }

    private final Failure failure;

    public RoomJoinException(Failure failure, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public RoomJoinException(Failure failure, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public Failure failure() {
        return failure;
    }
}

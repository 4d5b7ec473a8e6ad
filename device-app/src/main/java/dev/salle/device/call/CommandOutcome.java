package dev.salle.device.call;

/**
 * What a join or leave request did: accepted (the state machine moved), or refused with a reason
 * that says why and what to do.
 */
public record CommandOutcome(boolean accepted, String message) {
    public static CommandOutcome accepted(String message) {
        return new CommandOutcome(true, message);
    }

    public static CommandOutcome refused(String message) {
        return new CommandOutcome(false, message);
    }
}

package dev.salle.device.fleet;

/** The error codes of a command reply, as they appear on the wire. */
public enum CommandError {
    UNKNOWN_COMMAND("unknown-command"),
    MALFORMED("malformed"),
    INVALID_ARGUMENT("invalid-argument"),
    FAILED("failed"),
    BUSY("busy");

    private final String wire;

    CommandError(String wire) {
        this.wire = wire;
    }

    /** The code in the reply's {@code error.code}. */
    public String wire() {
        return wire;
    }
}

package dev.salle.device.update;

/** A GRUB environment block that cannot be read or written, with a code for reports and counters. */
public final class GrubEnvException extends RuntimeException {

    /** Why. */
    public enum Reason {
        WRONG_SIZE("wrong-size"),
        NO_HEADER("no-header"),
        BAD_LINE("bad-line"),
        BAD_NAME("bad-name"),
        BAD_BYTES("bad-bytes"),
        BAD_VALUE("bad-value"),
        TOO_LARGE("too-large");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public GrubEnvException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package dev.salle.device.update;

/** An autoboot.txt that is not the shape {@link Autoboot} reads and writes, with a code for logs and counters. */
public final class AutobootException extends RuntimeException {

    /** Why. */
    public enum Reason {
        EMPTY("empty"),
        TOO_LONG("too-long"),
        BAD_BYTES("bad-bytes"),
        BAD_LINE("bad-line"),
        UNKNOWN_SECTION("unknown-section"),
        MISSING_SECTION("missing-section"),
        OUT_OF_PLACE("out-of-place"),
        UNKNOWN_KEY("unknown-key"),
        DUPLICATE_KEY("duplicate-key"),
        MISSING_KEY("missing-key"),
        BAD_VALUE("bad-value"),
        SAME_PARTITION("same-partition");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public AutobootException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

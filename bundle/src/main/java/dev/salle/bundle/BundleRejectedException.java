package dev.salle.bundle;

import java.util.Objects;

/** Why a device refuses an update bundle; nothing was installed. {@link Reason#code()} is what the fleet sees. */
public final class BundleRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of refusal. */
    public enum Reason {
        NOT_A_BUNDLE("not-a-bundle"),
        MALFORMED("malformed"),
        UNKNOWN_KEY("unknown-key"),
        BAD_SIGNATURE("bad-signature"),
        WRONG_TARGET("wrong-target"),
        NOT_NEWER("not-newer"),
        TOO_OLD_TO_UPDATE("too-old-to-update"),
        TRUNCATED("truncated"),
        TRAILING_BYTES("trailing-bytes"),
        PAYLOAD_MISMATCH("payload-mismatch");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The error code in the device's update report. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public BundleRejectedException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

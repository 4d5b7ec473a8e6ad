package dev.salle.device.update;

/**
 * A verified payload the slots refuse before writing anything: signed by the release key, but not
 * what these slots can take. The update agent reports it as {@code failed} with the reason's code.
 */
public final class PayloadRefusedException extends RuntimeException {

    /** Why; the code goes into the fleet's {@code failed} event. */
    public enum Reason {
        /** Shorter than the header. */
        TRUNCATED("payload-truncated"),
        /** Does not start with the magic of this kind of payload. */
        BAD_MAGIC("payload-bad-magic"),
        /** A length in the header is negative, or the lengths overflow. */
        BAD_LENGTH("payload-bad-length"),
        /** The header and the lengths it announces do not add up to the payload's size. */
        LENGTH_MISMATCH("payload-length-mismatch"),
        /** A part is larger than the partition it goes into. */
        TOO_LARGE("payload-too-large");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public PayloadRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

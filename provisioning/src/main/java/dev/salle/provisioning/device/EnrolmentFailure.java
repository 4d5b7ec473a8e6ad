package dev.salle.provisioning.device;

import java.util.Objects;

/** Why an enrolment did not give the device its identity; nothing was stored. */
public final class EnrolmentFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure, each with a sentence for the screen and whether trying again can help. */
    public enum Reason {
        UNREACHABLE("Cannot reach the enrolment server. Check the network cable; trying again…", true),
        WRONG_SERVER("The enrolment server is not the one this code names. Ask IT to check the enrolment address.", false),
        CODE_UNKNOWN("The enrolment server does not know this code. Ask IT for a new one.", false),
        CODE_USED("This code was already used by another device. Ask IT for a new one.", false),
        CODE_EXPIRED("This enrolment code has expired. Ask IT for a new one.", false),
        CODE_REVOKED("This enrolment code was revoked. Ask IT for a new one.", false),
        RATE_LIMITED("Too many enrolment attempts. Waiting before trying again…", true),
        REFUSED("The enrolment server refused this device's request. Ask IT to check the server's log.", false),
        SERVER_ERROR("The enrolment server has a problem. Trying again…", true),
        BAD_REPLY("The enrolment server's reply is damaged. Ask IT to check the server.", false);

        private final String screenMessage;
        private final boolean retryable;

        Reason(String screenMessage, boolean retryable) {
            this.screenMessage = screenMessage;
            this.retryable = retryable;
        }

        public String screenMessage() {
            return screenMessage;
        }

        /** True when the same code may succeed later (network, rate limit, server trouble). */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;

    public EnrolmentFailure(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public EnrolmentFailure(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

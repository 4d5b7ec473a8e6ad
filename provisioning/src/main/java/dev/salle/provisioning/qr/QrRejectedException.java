package dev.salle.provisioning.qr;

import java.util.Objects;

/** Why a scanned QR code is not an enrolment the device accepts; nothing is stored from it. */
public final class QrRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of refusal, each with a sentence for the screen. */
    public enum Reason {
        NOT_SALLE("This is not a Salle enrolment code. Show the room's Salle QR code."),
        UNSUPPORTED_VERSION("This enrolment code is newer than this device. Update the device or ask IT for a new code."),
        TOO_LARGE("This QR code is too large to be a Salle enrolment code."),
        MALFORMED("This enrolment code is damaged or incomplete. Show it again, or print a new one."),
        UNKNOWN_KEY("This enrolment code is for another organisation."),
        BAD_SIGNATURE("This enrolment code is forged or altered. Ask IT for a genuine one."),
        EXPIRED("This enrolment code has expired. Ask IT for a new one.");

        private final String screenMessage;

        Reason(String screenMessage) {
            this.screenMessage = screenMessage;
        }

        /** A short sentence for the device's screen. */
        public String screenMessage() {
            return screenMessage;
        }
    }

    private final Reason reason;

    public QrRejectedException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

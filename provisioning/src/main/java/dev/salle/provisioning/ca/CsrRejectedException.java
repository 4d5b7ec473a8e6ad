package dev.salle.provisioning.ca;

/** A certificate request the device CA will not sign; {@link #reason()} says why. */
public final class CsrRejectedException extends Exception {

    /** Why a request is refused. */
    public enum Reason {
        /** Not a PKCS#10 request, or damaged. */
        MALFORMED,
        /** The key is not an EC P-256 key. */
        WRONG_KEY_TYPE,
        /** The request's signature does not verify with its own key: no proof of possession. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    public CsrRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

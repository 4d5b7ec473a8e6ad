package dev.salle.provisioning.service;

/** Why the enrolment service refuses a request: the HTTP status, the wire code and the sentence. */
public enum Refusal {
    MALFORMED_REQUEST(400, "malformed_request", "The request is not the JSON object {\"code\":…,\"csr\":…}."),
    BAD_CSR(400, "bad_csr", "The certificate request is not acceptable: an EC P-256 key, signed by itself, is needed."),
    UNKNOWN_CODE(404, "unknown_code", "This enrolment code is not known here."),
    CODE_USED(409, "code_used", "This enrolment code was already used by another device."),
    CODE_EXPIRED(410, "code_expired", "This enrolment code has expired."),
    CODE_REVOKED(403, "code_revoked", "This enrolment code was revoked."),
    RATE_LIMITED(429, "rate_limited", "Too many enrolment attempts from this address; wait and try again."),
    TOO_LARGE(413, "too_large", "The request is too large.");

    private final int status;
    private final String code;
    private final String message;

    Refusal(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** The {@code error} field of the reply. */
    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}

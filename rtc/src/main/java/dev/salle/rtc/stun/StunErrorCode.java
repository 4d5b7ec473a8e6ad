package dev.salle.rtc.stun;

/**
 * The value of an ERROR-CODE attribute
 * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-14.8">RFC 8489 section 14.8</a>):
 * a code 300..699 and a UTF-8 reason phrase.
 *
 * @param code the code, for example 401 or 487 (role conflict, RFC 8445 section 7.3.1.1)
 * @param reason the reason phrase, possibly empty
 */
public record StunErrorCode(int code, String reason) {

    /** Checks the range and that a reason is present. */
    public StunErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code must be 300..699, not " + code);
        }
        if (reason == null) {
            throw new IllegalArgumentException("STUN error reason must not be null (use \"\")");
        }
    }
}

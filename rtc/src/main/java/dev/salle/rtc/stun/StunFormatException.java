package dev.salle.rtc.stun;

import java.util.Objects;

/**
 * A STUN message that breaks <a href="https://www.rfc-editor.org/rfc/rfc8489#section-5">RFC 8489
 * section 5</a> or fails a MESSAGE-INTEGRITY or FINGERPRINT check
 * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-14.5">14.5</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc8489#section-14.7">14.7</a>). The message comes from
 * outside: drop it (or answer with an error response) and count {@link #reason()}.
 */
public final class StunFormatException extends Exception {

    /** What was wrong with the message. */
    public enum Reason {
        /** Fewer than the 20 bytes of the header. */
        TOO_SHORT,
        /** The two most significant bits are not zero: not a STUN message. */
        NOT_STUN,
        /** The magic cookie is not 0x2112A442. */
        BAD_COOKIE,
        /** The length field is not a multiple of 4 or disagrees with the datagram length. */
        BAD_LENGTH,
        /** An attribute's header or value runs past the end of the message. */
        ATTRIBUTE_OVERRUN,
        /** A known attribute has a value of the wrong size or content. */
        BAD_ATTRIBUTE,
        /** Integrity was asked for but the message has no MESSAGE-INTEGRITY. */
        MISSING_INTEGRITY,
        /** MESSAGE-INTEGRITY does not match the key. */
        BAD_INTEGRITY,
        /** A fingerprint check was asked for but the message has no FINGERPRINT. */
        MISSING_FINGERPRINT,
        /** FINGERPRINT does not match the message or is not the last attribute. */
        BAD_FINGERPRINT
    }

    private final Reason reason;

    /** Creates an exception for {@code reason}; {@code detail} says which value was wrong. */
    public StunFormatException(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail);
        this.reason = reason;
    }

    /** What was wrong, for drop counters and error responses. */
    public Reason reason() {
        return reason;
    }
}

package dev.salle.rtc.stun;

/**
 * The class of a STUN message, the C1 and C0 bits of its type
 * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-5">RFC 8489 section 5</a>).
 */
public enum StunClass {
    /** 0b00. */
    REQUEST(0),
    /** 0b01. */
    INDICATION(1),
    /** 0b10. */
    SUCCESS_RESPONSE(2),
    /** 0b11. */
    ERROR_RESPONSE(3);

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    /** The two class bits, C1 C0. */
    public int bits() {
        return bits;
    }

    static StunClass ofBits(int bits) {
        return values()[bits & 3];
    }
}

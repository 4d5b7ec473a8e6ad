package dev.salle.rtc.stun;

/** STUN methods (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-18.2">RFC 8489 section 18.2</a>). */
public final class StunMethods {

    /** Binding, the only method ICE uses. */
    public static final int BINDING = 0x001;

    private StunMethods() {
    }
}

package dev.salle.rtc.stun;

/** STUN methods (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-18.2">RFC 8489 section 18.2</a>). */
public final class StunMethods {

    /** Binding, the only method ICE uses (the others below are TURN's). */
    public static final int BINDING = 0x001;

    /** Allocate (TURN, <a href="https://www.rfc-editor.org/rfc/rfc8656#section-17">RFC 8656 section 17</a>). */
    public static final int ALLOCATE = 0x003;
    /** Refresh (TURN). */
    public static final int REFRESH = 0x004;
    /** Send, an indication (TURN). */
    public static final int SEND = 0x006;
    /** Data, an indication (TURN). */
    public static final int DATA = 0x007;
    /** CreatePermission (TURN). */
    public static final int CREATE_PERMISSION = 0x008;
    /** ChannelBind (TURN). */
    public static final int CHANNEL_BIND = 0x009;

    private StunMethods() {
    }
}

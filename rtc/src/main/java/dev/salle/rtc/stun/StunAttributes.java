package dev.salle.rtc.stun;

/**
 * STUN attribute types used here, from the IANA registry
 * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-18.3">RFC 8489 section 18.3</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc8445#section-16.1">RFC 8445 section 16.1</a>). Types
 * below 0x8000 are comprehension-required: an agent that does not know one must reject the message
 * (420 Unknown Attribute).
 */
public final class StunAttributes {

    /** MAPPED-ADDRESS. */
    public static final int MAPPED_ADDRESS = 0x0001;
    /** USERNAME. */
    public static final int USERNAME = 0x0006;
    /** MESSAGE-INTEGRITY (HMAC-SHA1). */
    public static final int MESSAGE_INTEGRITY = 0x0008;
    /** CHANNEL-NUMBER (TURN, RFC 8656 section 18.1). */
    public static final int CHANNEL_NUMBER = 0x000C;
    /** LIFETIME (TURN, RFC 8656 section 18.2). */
    public static final int LIFETIME = 0x000D;
    /** XOR-PEER-ADDRESS (TURN, RFC 8656 section 18.3). */
    public static final int XOR_PEER_ADDRESS = 0x0012;
    /** DATA (TURN, RFC 8656 section 18.4). */
    public static final int DATA = 0x0013;
    /** XOR-RELAYED-ADDRESS (TURN, RFC 8656 section 18.5). */
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    /** REQUESTED-TRANSPORT (TURN, RFC 8656 section 18.7). */
    public static final int REQUESTED_TRANSPORT = 0x0019;
    /** ERROR-CODE. */
    public static final int ERROR_CODE = 0x0009;
    /** UNKNOWN-ATTRIBUTES. */
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    /** REALM. */
    public static final int REALM = 0x0014;
    /** NONCE. */
    public static final int NONCE = 0x0015;
    /** MESSAGE-INTEGRITY-SHA256. */
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    /** PASSWORD-ALGORITHM. */
    public static final int PASSWORD_ALGORITHM = 0x001D;
    /** USERHASH. */
    public static final int USERHASH = 0x001E;
    /** XOR-MAPPED-ADDRESS. */
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** PRIORITY (ICE). */
    public static final int PRIORITY = 0x0024;
    /** USE-CANDIDATE (ICE). */
    public static final int USE_CANDIDATE = 0x0025;
    /** SOFTWARE. */
    public static final int SOFTWARE = 0x8022;
    /** ALTERNATE-SERVER. */
    public static final int ALTERNATE_SERVER = 0x8023;
    /** FINGERPRINT. */
    public static final int FINGERPRINT = 0x8028;
    /** ICE-CONTROLLED (ICE). */
    public static final int ICE_CONTROLLED = 0x8029;
    /** ICE-CONTROLLING (ICE). */
    public static final int ICE_CONTROLLING = 0x802A;

    private StunAttributes() {
    }

    /** Whether {@code type} is in the comprehension-required range 0x0000..0x7FFF. */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** Whether this package understands the comprehension-required {@code type}. */
    public static boolean isKnownComprehensionRequired(int type) {
        return switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, REALM, NONCE,
                 XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE -> true;
            default -> false;
        };
    }
}

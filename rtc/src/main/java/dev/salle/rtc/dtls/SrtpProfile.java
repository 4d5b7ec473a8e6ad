package dev.salle.rtc.dtls;

import java.util.Optional;

/**
 * The SRTP protection profiles this package negotiates in the {@code use_srtp} extension, with
 * the key and salt lengths that decide how much keying material is exported
 * (<a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">RFC 5764 §4.2</a>: client key,
 * server key, client salt, server salt).
 */
public enum SrtpProfile {
    /**
     * AES-128 counter mode with 80-bit HMAC-SHA1 tags
     * (<a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.1.2">RFC 5764 §4.1.2</a>).
     */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14),
    /**
     * AES-128 GCM (<a href="https://www.rfc-editor.org/rfc/rfc7714#section-14.2">RFC 7714
     * §14.2</a>).
     */
    AEAD_AES_128_GCM(0x0007, 16, 12);

    private final int id;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The two-byte profile identifier carried in {@code use_srtp}. */
    public int id() {
        return id;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Bytes to export with {@code EXTRACTOR-dtls_srtp}: {@code 2 * (key + salt)}. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this identifier, if this package supports it. */
    public static Optional<SrtpProfile> byId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}

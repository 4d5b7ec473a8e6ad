package dev.salle.rtc.srtp;

import java.util.Optional;

/**
 * DTLS-SRTP protection profiles (<a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.1.2">RFC
 * 5764 §4.1.2</a>, <a href="https://www.rfc-editor.org/rfc/rfc7714#section-14.2">RFC 7714
 * §14.2</a>) with their master key and salt lengths and authentication tag length in bytes.
 * Browsers offer {@link #AEAD_AES_128_GCM} first and {@link #AES_CM_128_HMAC_SHA1_80} as fallback.
 */
public enum SrtpProfile {
  /** AES-128 counter mode, HMAC-SHA1 with an 80-bit tag (RFC 3711 §4.1.1, §4.2.1). */
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10),
  /** AES-128 GCM with a 128-bit tag (RFC 7714 §12). */
  AEAD_AES_128_GCM(0x0007, 16, 12, 16),
  /** AES-256 GCM with a 128-bit tag (RFC 7714 §12). */
  AEAD_AES_256_GCM(0x0008, 32, 12, 16);

  private final int id;
  private final int keyLength;
  private final int saltLength;
  private final int tagLength;

  SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.tagLength = tagLength;
  }

  /** The two-byte SRTPProtectionProfile value carried in the DTLS use_srtp extension. */
  public int id() {
    return id;
  }

  public int keyLength() {
    return keyLength;
  }

  public int saltLength() {
    return saltLength;
  }

  /** Bytes the protection adds to an RTP packet (the auth tag or the AEAD tag). */
  public int tagLength() {
    return tagLength;
  }

  public boolean isAead() {
    return this != AES_CM_128_HMAC_SHA1_80;
  }

  /** Bytes of keying material to export from DTLS: 2 × (key + salt) (RFC 5764 §4.2). */
  public int keyingMaterialLength() {
    return 2 * (keyLength + saltLength);
  }

  /** The profile with this DTLS id, empty for profiles we do not implement. */
  public static Optional<SrtpProfile> fromId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

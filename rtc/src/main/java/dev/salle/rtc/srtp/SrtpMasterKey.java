package dev.salle.rtc.srtp;

import java.util.Arrays;

/**
 * One direction's SRTP master key and master salt (RFC 3711 §3.2.1). Holds copies; never prints
 * the secret bytes.
 */
public final class SrtpMasterKey {
  private final byte[] key;
  private final byte[] salt;

  public SrtpMasterKey(SrtpProfile profile, byte[] key, byte[] salt) {
    if (key.length != profile.keyLength() || salt.length != profile.saltLength()) {
      throw new IllegalArgumentException("master key/salt of " + key.length + "/" + salt.length
          + " bytes do not fit " + profile + ", which needs " + profile.keyLength() + "/"
          + profile.saltLength());
    }
    this.key = key.clone();
    this.salt = salt.clone();
  }

  public byte[] key() {
    return key.clone();
  }

  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpMasterKey other
        && Arrays.equals(key, other.key) && Arrays.equals(salt, other.salt);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "SrtpMasterKey[" + key.length + "+" + salt.length + " bytes, redacted]";
  }
}

package dev.salle.rtc.sdp;

import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code a=fingerprint:<hash-func> <AB:CD:…>} (<a
 * href="https://www.rfc-editor.org/rfc/rfc8122#section-5">RFC 8122 §5</a>): the hash of the
 * peer's DTLS certificate. Stored as the lower-case hash name and upper-case colon hex.
 */
public record Fingerprint(String hashFunction, String hex) {
  private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

  public Fingerprint {
    hashFunction = hashFunction.toLowerCase(Locale.ROOT);
    byte[] bytes;
    try {
      bytes = COLON_HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "fingerprint '" + hex + "' is not colon-separated hex pairs like 'AB:CD:…'", e);
    }
    int want = switch (hashFunction) {
      case "sha-1" -> 20;
      case "sha-224" -> 28;
      case "sha-256" -> 32;
      case "sha-384" -> 48;
      case "sha-512" -> 64;
      default -> -1;
    };
    if (want > 0 && bytes.length != want) {
      throw new IllegalArgumentException("fingerprint " + hashFunction + " has " + bytes.length
          + " bytes; expected " + want);
    }
    hex = COLON_HEX.formatHex(bytes);
  }

  public static Fingerprint sha256(byte[] digest) {
    return new Fingerprint("sha-256", COLON_HEX.formatHex(digest));
  }

  static Fingerprint parse(String value) {
    String[] f = value.trim().split(" +");
    if (f.length != 2) {
      throw new IllegalArgumentException(
          "fingerprint '" + value + "' needs '<hash-func> <hex>', e.g. 'sha-256 AB:CD:…'");
    }
    return new Fingerprint(f[0], f[1]);
  }

  public byte[] bytes() {
    return COLON_HEX.parseHex(hex);
  }

  public String toValue() {
    return hashFunction + " " + hex;
  }
}

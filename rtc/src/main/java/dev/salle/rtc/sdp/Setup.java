package dev.salle.rtc.sdp;

import java.util.Locale;

/**
 * {@code a=setup} (<a href="https://www.rfc-editor.org/rfc/rfc4145#section-4">RFC 4145 §4</a>,
 * DTLS usage <a href="https://www.rfc-editor.org/rfc/rfc8842#section-5">RFC 8842 §5</a>): who
 * starts the DTLS handshake. An offer says {@code actpass}; the answer picks active or passive.
 */
public enum Setup {
  ACTPASS,
  ACTIVE,
  PASSIVE,
  HOLDCONN;

  static Setup parse(String s) {
    return switch (s.trim()) {
      case "actpass" -> ACTPASS;
      case "active" -> ACTIVE;
      case "passive" -> PASSIVE;
      case "holdconn" -> HOLDCONN;
      default -> throw new IllegalArgumentException(
          "setup '" + s + "' is not actpass, active, passive or holdconn");
    };
  }

  public String sdpName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

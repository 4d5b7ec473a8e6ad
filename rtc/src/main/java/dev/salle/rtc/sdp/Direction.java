package dev.salle.rtc.sdp;

import java.util.Locale;

/**
 * Media direction attributes (<a href="https://www.rfc-editor.org/rfc/rfc8866#section-6.7">RFC
 * 8866 §6.7</a>); {@code sendrecv} is the default when none is present.
 */
public enum Direction {
  SENDRECV,
  SENDONLY,
  RECVONLY,
  INACTIVE;

  static boolean isDirection(String name) {
    return switch (name) {
      case "sendrecv", "sendonly", "recvonly", "inactive" -> true;
      default -> false;
    };
  }

  static Direction parse(String s) {
    return switch (s) {
      case "sendrecv" -> SENDRECV;
      case "sendonly", "send" -> SENDONLY;
      case "recvonly", "recv" -> RECVONLY;
      case "inactive" -> INACTIVE;
      default -> throw new IllegalArgumentException(
          "direction '" + s + "' is not sendrecv, sendonly, recvonly or inactive");
    };
  }

  /** What the answerer says to this offer direction (RFC 3264 §6.1). */
  public Direction reversed() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  /** The narrower of this direction and what we are willing to do. */
  public Direction intersect(Direction wanted) {
    boolean send = sends() && wanted.sends();
    boolean recv = receives() && wanted.receives();
    return send && recv ? SENDRECV : send ? SENDONLY : recv ? RECVONLY : INACTIVE;
  }

  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  public String sdpName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

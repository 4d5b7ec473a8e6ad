package dev.salle.rtc.sdp;

/**
 * {@code a=rid:<id> send|recv [<restrictions>]} (<a
 * href="https://www.rfc-editor.org/rfc/rfc8851#section-10">RFC 8851 §10</a>). livekit-client
 * publishes simulcast with rids {@code q}, {@code h}, {@code f} (quarter, half, full).
 */
public record Rid(String id, Direction direction, String restrictions) {

  static Rid parse(String text) {
    String[] f = text.trim().split(" +", 3);
    if (f.length < 2 || !(f[1].equals("send") || f[1].equals("recv"))) {
      throw new IllegalArgumentException(
          "rid '" + text + "' needs '<id> send|recv [<restrictions>]'");
    }
    return new Rid(f[0], Direction.parse(f[1]), f.length == 3 ? f[2] : "");
  }

  public String toValue() {
    return id + " " + (direction == Direction.SENDONLY ? "send" : "recv")
        + (restrictions.isEmpty() ? "" : " " + restrictions);
  }
}

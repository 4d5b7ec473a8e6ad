package dev.salle.rtc.sdp;

/**
 * {@code a=rtcp-fb:<pt|*> <type> [<param>]}
 * (<a href="https://www.rfc-editor.org/rfc/rfc4585#section-4.2">RFC 4585 §4.2</a>).
 * {@code payloadType} is -1 for the wildcard {@code *}; {@code parameter} is empty when absent.
 */
public record RtcpFeedback(int payloadType, String type, String parameter) {

  static RtcpFeedback parse(String value) {
    String[] f = value.trim().split(" +", 3);
    if (f.length < 2) {
      throw new IllegalArgumentException(
          "rtcp-fb '" + value + "' needs '<pt> <type> [<param>]', e.g. '96 nack pli'");
    }
    int pt = f[0].equals("*") ? -1 : Tokens.parseInt(f[0], 0, 127, "rtcp-fb payload type");
    return new RtcpFeedback(pt, f[1], f.length == 3 ? f[2] : "");
  }

  /** Type and parameter, e.g. {@code nack pli}; used to compare feedback across PTs. */
  public String kind() {
    return parameter.isEmpty() ? type : type + " " + parameter;
  }

  public String toValue() {
    return (payloadType < 0 ? "*" : Integer.toString(payloadType)) + " " + kind();
  }
}

package dev.salle.rtc.sdp;

/**
 * {@code a=ssrc:<ssrc> <name>[:<value>]} (<a
 * href="https://www.rfc-editor.org/rfc/rfc5576#section-4.1">RFC 5576 §4.1</a>); {@code value}
 * is empty for a bare attribute name.
 */
public record SsrcAttribute(long ssrc, String name, String value) {

  static SsrcAttribute parse(String text) {
    int sp = text.indexOf(' ');
    String ssrcText = sp < 0 ? text : text.substring(0, sp);
    long ssrc = Tokens.parseLong(ssrcText, 0, 0xFFFFFFFFL, "ssrc");
    if (sp < 0) {
      return new SsrcAttribute(ssrc, "", "");
    }
    String rest = text.substring(sp + 1);
    int colon = rest.indexOf(':');
    return colon < 0
        ? new SsrcAttribute(ssrc, rest, "")
        : new SsrcAttribute(ssrc, rest.substring(0, colon), rest.substring(colon + 1));
  }

  public String toValue() {
    return ssrc + (name.isEmpty() ? "" : " " + name) + (value.isEmpty() ? "" : ":" + value);
  }
}

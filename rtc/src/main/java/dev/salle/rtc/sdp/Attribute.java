package dev.salle.rtc.sdp;

import java.util.Objects;

/**
 * One {@code a=} line (<a href="https://www.rfc-editor.org/rfc/rfc8866#section-5.13">RFC 8866
 * §5.13</a>): a property attribute has a {@code null} value ({@code a=rtcp-mux}), a value
 * attribute keeps its value text exactly as received so a round trip is lossless.
 */
public record Attribute(String name, String value) {
  public Attribute {
    Objects.requireNonNull(name, "attribute name");
    if (name.isEmpty() || name.indexOf(':') >= 0 || name.indexOf(' ') >= 0) {
      throw new IllegalArgumentException(
          "attribute name '" + name + "' is empty or contains ':' or a space; use a token");
    }
  }

  /** A property attribute such as {@code rtcp-mux}. */
  public static Attribute flag(String name) {
    return new Attribute(name, null);
  }

  public static Attribute of(String name, String value) {
    return new Attribute(name, Objects.requireNonNull(value, "attribute value"));
  }

  /** Parses the text after {@code a=}. */
  static Attribute parse(String text) {
    int colon = text.indexOf(':');
    return colon < 0
        ? new Attribute(text, null)
        : new Attribute(text.substring(0, colon), text.substring(colon + 1));
  }

  public boolean isFlag() {
    return value == null;
  }

  /** The line without its line ending, e.g. {@code a=mid:0}. */
  public String toLine() {
    return value == null ? "a=" + name : "a=" + name + ":" + value;
  }
}

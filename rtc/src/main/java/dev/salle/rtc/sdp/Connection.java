package dev.salle.rtc.sdp;

import java.util.List;

/**
 * A {@code c=} line (<a href="https://www.rfc-editor.org/rfc/rfc8866#section-5.7">RFC 8866
 * §5.7</a>). WebRTC puts {@code IN IP4 0.0.0.0} here and carries real addresses in candidates.
 */
public record Connection(String netType, String addrType, String address) {
  /** {@code IN IP4 0.0.0.0}, the JSEP placeholder (RFC 8829 §5.2.1). */
  public static final Connection UNSPECIFIED = new Connection("IN", "IP4", "0.0.0.0");

  static Connection parse(String value) {
    List<String> f = Tokens.split(value);
    if (f.size() != 3) {
      throw new IllegalArgumentException(
          "c= needs 'IN IP4|IP6 <address>', got '" + value + "'");
    }
    return new Connection(f.get(0), f.get(1), f.get(2));
  }

  String toValue() {
    return netType + " " + addrType + " " + address;
  }
}

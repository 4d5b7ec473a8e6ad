package dev.salle.rtc.sdp;

import java.util.List;

/**
 * The {@code o=} line (<a href="https://www.rfc-editor.org/rfc/rfc8866#section-5.2">RFC 8866
 * §5.2</a>). Session id and version are kept as text: browsers send 19-digit ids that exceed a
 * signed 64-bit number only in theory, and keeping text makes the round trip exact.
 */
public record Origin(
    String username,
    String sessionId,
    String sessionVersion,
    String netType,
    String addrType,
    String address) {

  /** The origin JSEP recommends for a fresh session (RFC 8829 §5.2.1). */
  public static Origin of(String sessionId, long sessionVersion) {
    return new Origin("-", sessionId, Long.toString(sessionVersion), "IN", "IP4", "127.0.0.1");
  }

  static Origin parse(String value) {
    List<String> f = Tokens.split(value);
    if (f.size() != 6) {
      throw new IllegalArgumentException(
          "o= needs 6 fields '<username> <sess-id> <sess-version> IN IP4 <address>', got "
              + f.size() + " in '" + value + "'");
    }
    Tokens.requireDigits(f.get(1), "o= session id");
    Tokens.requireDigits(f.get(2), "o= session version");
    return new Origin(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
  }

  String toValue() {
    return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
  }
}

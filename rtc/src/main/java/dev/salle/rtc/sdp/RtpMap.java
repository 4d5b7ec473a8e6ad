package dev.salle.rtc.sdp;

import java.util.Locale;

/**
 * {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]}
 * (<a href="https://www.rfc-editor.org/rfc/rfc8866#section-6.6">RFC 8866 §6.6</a>).
 * {@code channels} is 0 when absent (video).
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, int channels) {

  static RtpMap parse(String value) {
    int sp = value.indexOf(' ');
    if (sp < 0) {
      throw new IllegalArgumentException(
          "rtpmap '" + value + "' lacks '<pt> <encoding>/<clock-rate>'");
    }
    int pt = Tokens.parseInt(value.substring(0, sp), 0, 127, "rtpmap payload type");
    String[] enc = value.substring(sp + 1).trim().split("/");
    if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
      throw new IllegalArgumentException(
          "rtpmap '" + value + "' needs '<encoding>/<clock-rate>[/<channels>]'");
    }
    int clock = Tokens.parseInt(enc[1], 1, Integer.MAX_VALUE, "rtpmap clock rate");
    int ch = enc.length == 3 ? Tokens.parseInt(enc[2], 1, 255, "rtpmap channels") : 0;
    return new RtpMap(pt, enc[0], clock, ch);
  }

  /** Case-insensitive match on the encoding name, as RFC 8866 §6.6 asks. */
  public boolean isCodec(String name) {
    return encodingName.equalsIgnoreCase(name);
  }

  public String toValue() {
    return payloadType + " " + encodingName + "/" + clockRate + (channels > 0 ? "/" + channels : "");
  }

  /** Lower-case encoding name, e.g. {@code vp8}. */
  public String codecKey() {
    return encodingName.toLowerCase(Locale.ROOT);
  }
}

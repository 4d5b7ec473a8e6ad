package dev.salle.rtc.sdp;

import dev.salle.rtc.sdp.SdpParseException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses SDP text into a {@link SessionDescription}.
 *
 * <p>Strict where a mistake would change meaning: {@code v=0} first, {@code o=}, {@code s=} and
 * {@code t=} present, every line {@code <letter>=<value>}, numeric ports and payload types, the
 * well-known attributes (rtpmap, fmtp, candidate, fingerprint…) well-formed, mids unique, at most
 * {@link #MAX_SDP_CHARS} characters. Tolerant where browsers differ: LF or CRLF, blank lines,
 * trailing spaces, unknown line types and attributes (kept in order for the round trip).
 * Thread-safe (stateless).
 */
public final class SdpParser {
  /** Upper bound on input size (256 KiB); real offers are a few KiB. */
  public static final int MAX_SDP_CHARS = 256 * 1024;

  private static final Map<String, Function<String, ?>> VALIDATORS = validators();

  private static Map<String, Function<String, ?>> validators() {
    Map<String, Function<String, ?>> v = new HashMap<>();
    v.put("rtpmap", RtpMap::parse);
    v.put("fmtp", Fmtp::parse);
    v.put("rtcp-fb", RtcpFeedback::parse);
    v.put("extmap", ExtMap::parse);
    v.put("fingerprint", Fingerprint::parse);
    v.put("setup", Setup::parse);
    v.put("candidate", Candidate::parse);
    v.put("ssrc", SsrcAttribute::parse);
    v.put("ssrc-group", SsrcGroup::parse);
    v.put("rid", Rid::parse);
    v.put("simulcast", Simulcast::parse);
    v.put("sctp-port", x -> Tokens.parseInt(x.trim(), 0, 65535, "sctp-port"));
    v.put("max-message-size",
        x -> Tokens.parseLong(x.trim(), 0, Long.MAX_VALUE, "max-message-size"));
    v.put("mid", x -> {
      if (x.isBlank()) {
        throw new IllegalArgumentException("mid is empty; expected a token such as '0'");
      }
      return x;
    });
    return Map.copyOf(v);
  }

  private SdpParser() {}

  /**
   * Parses one session description.
   *
   * @throws SdpParseException with the line number and a message naming the bad value
   */
  public static SessionDescription parse(String sdp) throws SdpParseException {
    if (sdp == null || sdp.isBlank()) {
      throw new SdpParseException(Reason.EMPTY, 0, "description is empty; expected 'v=0' first");
    }
    if (sdp.length() > MAX_SDP_CHARS) {
      throw new SdpParseException(Reason.TOO_LARGE, 0, "description has " + sdp.length()
          + " characters, more than the limit of " + MAX_SDP_CHARS + "; refusing to parse it");
    }
    String[] lines = sdp.split("\r?\n", -1);
    Builder b = new Builder();
    boolean sawVersion = false;
    for (int i = 0; i < lines.length; i++) {
      int no = i + 1;
      String line = lines[i].stripTrailing();
      if (line.isEmpty()) {
        continue;
      }
      if (line.indexOf('=') < 0) {
        throw new SdpParseException(Reason.LINE_WITHOUT_EQUALS, no,
            "'" + abbreviate(line) + "' has no '='; every line must be '<type>=<value>'");
      }
      char type = line.charAt(0);
      if (line.length() < 2 || line.charAt(1) != '=' || type < 'a' || type > 'z') {
        throw new SdpParseException(Reason.MALFORMED_LINE, no, "'" + abbreviate(line)
            + "' does not start with a lower-case letter followed by '='");
      }
      String value = line.substring(2);
      if (!sawVersion) {
        if (type != 'v' || !value.trim().equals("0")) {
          throw new SdpParseException(Reason.MISSING_VERSION, no,
              "first line is '" + abbreviate(line) + "'; a description must start with 'v=0'");
        }
        sawVersion = true;
        continue;
      }
      try {
        b.line(type, value, line, no);
      } catch (IllegalArgumentException e) {
        throw new SdpParseException(
            type == 'a' ? Reason.BAD_ATTRIBUTE : Reason.MALFORMED_LINE, no, e.getMessage());
      }
    }
    if (!sawVersion) {
      throw new SdpParseException(Reason.MISSING_VERSION, 1, "no 'v=0' line");
    }
    return b.build(lines.length);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Collects lines; one per parse call. */
  private static final class Builder {
    private Origin origin;
    private String sessionName;
    private String timing;
    private final List<String> otherLines = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<MediaSection> media = new ArrayList<>();
    private final Set<String> mids = new HashSet<>();
    // current media section under construction
    private String[] mLine;
    private int mPort;
    private int mPorts;
    private List<String> mFormats;
    private Connection mConnection;
    private List<String> mOther;
    private List<Attribute> mAttributes;
    private int firstMediaLine;

    void line(char type, String value, String line, int no) throws SdpParseException {
      if (type == 'm') {
        finishMedia();
        startMedia(value, no);
        return;
      }
      if (mLine == null) {
        sessionLine(type, value, line, no);
      } else {
        mediaLine(type, value, line, no);
      }
    }

    private void sessionLine(char type, String value, String line, int no)
        throws SdpParseException {
      switch (type) {
        case 'v' -> throw new SdpParseException(Reason.MALFORMED_LINE, no,
            "second 'v=' line; a description has exactly one, first");
        case 'o' -> origin = Origin.parse(value);
        case 's' -> sessionName = value;
        case 't' -> {
          List<String> t = Tokens.split(value);
          if (t.size() != 2) {
            throw new SdpParseException(Reason.MALFORMED_LINE, no,
                "t= '" + value + "' needs '<start> <stop>', e.g. '0 0'");
          }
          for (String x : t) {
            requireNumber(x, "t= time", no);
          }
          timing = value;
        }
        case 'a' -> attributes.add(attribute(value, no));
        default -> otherLines.add(line);
      }
    }

    private void startMedia(String value, int no) throws SdpParseException {
      if (firstMediaLine == 0) {
        firstMediaLine = no;
        checkSession(no);
      }
      List<String> f = Tokens.split(value);
      if (f.size() < 4) {
        throw new SdpParseException(Reason.MALFORMED_LINE, no, "m= '" + value
            + "' needs '<media> <port> <proto> <fmt>…', e.g. 'audio 9 UDP/TLS/RTP/SAVPF 111'");
      }
      String portText = f.get(1);
      int slash = portText.indexOf('/');
      mPorts = 0;
      if (slash >= 0) {
        mPorts = requireNumber(portText.substring(slash + 1), "m= number of ports", no);
        portText = portText.substring(0, slash);
      }
      mPort = requireNumber(portText, "m= port", no);
      if (mPort > 65535) {
        throw new SdpParseException(Reason.BAD_NUMBER, no,
            "m= port " + mPort + " is out of range; expected 0..65535");
      }
      mFormats = f.subList(3, f.size());
      if (f.get(2).contains("RTP/")) {
        for (String pt : mFormats) {
          int v = requireNumber(pt, "m= payload type", no);
          if (v > 127) {
            throw new SdpParseException(Reason.BAD_NUMBER, no,
                "m= payload type " + v + " is out of range; expected 0..127");
          }
        }
      }
      mLine = f.toArray(String[]::new);
      mConnection = null;
      mOther = new ArrayList<>();
      mAttributes = new ArrayList<>();
    }

    private void mediaLine(char type, String value, String line, int no)
        throws SdpParseException {
      switch (type) {
        case 'c' -> mConnection = Connection.parse(value);
        case 'a' -> {
          Attribute a = attribute(value, no);
          if (a.name().equals("mid") && !mids.add(a.value().trim())) {
            throw new SdpParseException(Reason.DUPLICATE_MID, no, "mid '" + a.value().trim()
                + "' is used by an earlier m= section; each section needs its own mid");
          }
          mAttributes.add(a);
        }
        case 'v', 'o', 's', 't' -> throw new SdpParseException(Reason.MALFORMED_LINE, no,
            "'" + type + "=' belongs to the session part and appears inside an m= section");
        default -> mOther.add(line);
      }
    }

    private static Attribute attribute(String value, int no) throws SdpParseException {
      if (value.isEmpty()) {
        throw new SdpParseException(Reason.MALFORMED_LINE, no, "'a=' without an attribute name");
      }
      Attribute a;
      try {
        a = Attribute.parse(value);
      } catch (IllegalArgumentException e) {
        throw new SdpParseException(Reason.MALFORMED_LINE, no, e.getMessage());
      }
      Function<String, ?> validator = VALIDATORS.get(a.name());
      if (validator != null) {
        if (a.isFlag()) {
          throw new SdpParseException(Reason.BAD_ATTRIBUTE, no,
              "a=" + a.name() + " needs a value after ':'");
        }
        validator.apply(a.value());
      }
      return a;
    }

    private static int requireNumber(String s, String what, int no) throws SdpParseException {
      if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new SdpParseException(Reason.BAD_NUMBER, no,
            what + " '" + s + "' is not a decimal number");
      }
      return Integer.parseInt(s);
    }

    private void finishMedia() {
      if (mLine != null) {
        media.add(new MediaSection(mLine[0], mPort, mPorts, mLine[2], mFormats, mConnection,
            mOther, mAttributes));
        mLine = null;
      }
    }

    private void checkSession(int no) throws SdpParseException {
      if (origin == null) {
        throw new SdpParseException(Reason.MISSING_ORIGIN, no, "no 'o=' line before this point;"
            + " the session part needs 'o=- <id> <version> IN IP4 127.0.0.1'");
      }
      if (sessionName == null) {
        throw new SdpParseException(Reason.MISSING_SESSION_NAME, no,
            "no 's=' line before this point; the session part needs 's=-'");
      }
      if (timing == null) {
        throw new SdpParseException(Reason.MISSING_TIMING, no,
            "no 't=' line before this point; the session part needs 't=0 0'");
      }
    }

    SessionDescription build(int lineCount) throws SdpParseException {
      finishMedia();
      if (firstMediaLine == 0) {
        checkSession(lineCount);
      }
      return new SessionDescription(origin, sessionName, timing, otherLines, attributes, media);
    }
  }
}

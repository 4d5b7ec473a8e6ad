package dev.salle.rtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code m=} section with its lines (<a
 * href="https://www.rfc-editor.org/rfc/rfc8866#section-5.14">RFC 8866 §5.14</a>). The
 * attributes are kept in their original order, unknown ones included; the typed accessors read
 * from them, so a section parsed and written back is unchanged.
 *
 * @param kind {@code audio}, {@code video} or {@code application} (other tokens are kept)
 * @param port 9 in WebRTC, 0 when the section is rejected
 * @param numberOfPorts the {@code /n} after the port, 0 when absent
 * @param proto e.g. {@code UDP/TLS/RTP/SAVPF} or {@code UDP/DTLS/SCTP}
 * @param formats payload types (RTP) or format tokens ({@code webrtc-datachannel})
 * @param connection the {@code c=} line, or {@code null}
 * @param otherLines {@code i=}, {@code b=}, {@code k=} lines as full text, in order
 * @param attributes the {@code a=} lines, in order
 */
public record MediaSection(
    String kind,
    int port,
    int numberOfPorts,
    String proto,
    List<String> formats,
    Connection connection,
    List<String> otherLines,
    List<Attribute> attributes) {

  public MediaSection {
    formats = List.copyOf(formats);
    if (proto.contains("RTP/")) {
      for (String f : formats) {
        Tokens.parseInt(f, 0, 127, "m= payload type");
      }
    }
    otherLines = List.copyOf(otherLines);
    attributes = List.copyOf(attributes);
  }

  /** True when the port is 0 (RFC 8829 §5.3.1: a rejected or stopped section). */
  public boolean isRejected() {
    return port == 0;
  }

  public boolean isRtp() {
    return proto.contains("RTP/");
  }

  /** First value of the named attribute; empty for absent or flag attributes. */
  public Optional<String> attribute(String name) {
    return attributes.stream().filter(a -> a.name().equals(name) && !a.isFlag())
        .map(Attribute::value).findFirst();
  }

  public boolean hasFlag(String name) {
    return attributes.stream().anyMatch(a -> a.name().equals(name));
  }

  public List<String> attributeValues(String name) {
    return attributes.stream().filter(a -> a.name().equals(name) && !a.isFlag())
        .map(Attribute::value).toList();
  }

  private <T> List<T> typed(String name, Function<String, T> parser) {
    List<T> out = new ArrayList<>();
    for (String v : attributeValues(name)) {
      out.add(parser.apply(v));
    }
    return List.copyOf(out);
  }

  public Optional<String> mid() {
    return attribute("mid").map(String::trim);
  }

  /** The direction attribute, {@link Direction#SENDRECV} when none is present. */
  public Direction direction() {
    return attributes.stream().filter(a -> a.isFlag() && Direction.isDirection(a.name()))
        .map(a -> Direction.parse(a.name())).findFirst().orElse(Direction.SENDRECV);
  }

  public Optional<String> iceUfrag() {
    return attribute("ice-ufrag");
  }

  public Optional<String> icePwd() {
    return attribute("ice-pwd");
  }

  public List<String> iceOptions() {
    return attribute("ice-options").map(Tokens::split).orElse(List.of());
  }

  public List<Fingerprint> fingerprints() {
    return typed("fingerprint", Fingerprint::parse);
  }

  public Optional<Setup> setup() {
    return attribute("setup").map(Setup::parse);
  }

  public boolean isRtcpMux() {
    return hasFlag("rtcp-mux");
  }

  public boolean isRtcpReducedSize() {
    return hasFlag("rtcp-rsize");
  }

  public List<RtpMap> rtpMaps() {
    return typed("rtpmap", RtpMap::parse);
  }

  public List<Fmtp> fmtps() {
    return typed("fmtp", Fmtp::parse);
  }

  public List<RtcpFeedback> rtcpFeedback() {
    return typed("rtcp-fb", RtcpFeedback::parse);
  }

  public List<ExtMap> extMaps() {
    return typed("extmap", ExtMap::parse);
  }

  /** {@code a=msid:<stream-id> <track-id>} (RFC 8830 §2), as the raw value. */
  public Optional<String> msid() {
    return attribute("msid");
  }

  public List<SsrcAttribute> ssrcs() {
    return typed("ssrc", SsrcAttribute::parse);
  }

  public List<SsrcGroup> ssrcGroups() {
    return typed("ssrc-group", SsrcGroup::parse);
  }

  public List<Rid> rids() {
    return typed("rid", Rid::parse);
  }

  public Optional<Simulcast> simulcast() {
    return attribute("simulcast").map(Simulcast::parse);
  }

  public List<Candidate> candidates() {
    return typed("candidate", Candidate::parse);
  }

  public boolean isEndOfCandidates() {
    return hasFlag("end-of-candidates");
  }

  /** {@code a=sctp-port} (RFC 8841 §5). */
  public Optional<Integer> sctpPort() {
    return attribute("sctp-port").map(v -> Tokens.parseInt(v.trim(), 0, 65535, "sctp-port"));
  }

  /** {@code a=max-message-size} (RFC 8841 §6). */
  public Optional<Long> maxMessageSize() {
    return attribute("max-message-size")
        .map(v -> Tokens.parseLong(v.trim(), 0, Long.MAX_VALUE, "max-message-size"));
  }

  /** The RTP codecs in m-line order, joined with their fmtp and rtcp-fb lines. */
  public List<Codec> codecs() {
    if (!isRtp()) {
      return List.of();
    }
    List<RtpMap> maps = rtpMaps();
    List<Fmtp> fmtps = fmtps();
    List<RtcpFeedback> fbs = rtcpFeedback();
    List<Codec> out = new ArrayList<>();
    for (String f : formats) {
      int pt = Integer.parseInt(f);
      RtpMap map = maps.stream().filter(m -> m.payloadType() == pt).findFirst().orElse(null);
      Fmtp fmtp = fmtps.stream().filter(x -> x.payloadType() == pt).findFirst()
          .orElse(new Fmtp(pt, java.util.Map.of()));
      List<String> fb = fbs.stream()
          .filter(x -> x.payloadType() == pt || x.payloadType() < 0)
          .map(RtcpFeedback::kind).toList();
      out.add(new Codec(pt, map, fmtp.parameters(), fb));
    }
    return List.copyOf(out);
  }

  /** Payload types whose rtpmap names this codec (case-insensitive), in m-line order. */
  public List<Integer> payloadTypes(String encodingName) {
    return codecs().stream().filter(c -> c.isNamed(encodingName)).map(Codec::payloadType)
        .toList();
  }

  /** Payload types for a codec with this clock rate (and channels, when above 0). */
  public List<Integer> payloadTypes(String encodingName, int clockRate, int channels) {
    return codecs().stream()
        .filter(c -> c.isNamed(encodingName) && c.rtpMap().clockRate() == clockRate)
        .filter(c -> channels <= 0 || Math.max(c.rtpMap().channels(), 1) == channels)
        .map(Codec::payloadType).toList();
  }

  /** The codec with this payload type. */
  public Optional<Codec> codec(int payloadType) {
    return codecs().stream().filter(c -> c.payloadType() == payloadType).findFirst();
  }

  /** The rtx payload type whose {@code apt} is this payload type (RFC 4588 §8.6). */
  public Optional<Integer> rtxFor(int payloadType) {
    return codecs().stream()
        .filter(c -> c.isNamed("rtx")
            && c.associatedPayloadType().filter(apt -> apt == payloadType).isPresent())
        .map(Codec::payloadType).findFirst();
  }

  /** The same section with attributes replaced. */
  public MediaSection withAttributes(List<Attribute> newAttributes) {
    return new MediaSection(kind, port, numberOfPorts, proto, formats, connection, otherLines,
        newAttributes);
  }

  void appendTo(StringBuilder sb) {
    sb.append("m=").append(kind).append(' ').append(port);
    if (numberOfPorts > 0) {
      sb.append('/').append(numberOfPorts);
    }
    sb.append(' ').append(proto);
    for (String f : formats) {
      sb.append(' ').append(f);
    }
    sb.append("\r\n");
    for (String l : otherLines) {
      if (l.startsWith("i=")) {
        sb.append(l).append("\r\n");
      }
    }
    if (connection != null) {
      sb.append("c=").append(connection.toValue()).append("\r\n");
    }
    for (String l : otherLines) {
      if (!l.startsWith("i=")) {
        sb.append(l).append("\r\n");
      }
    }
    for (Attribute a : attributes) {
      sb.append(a.toLine()).append("\r\n");
    }
  }
}

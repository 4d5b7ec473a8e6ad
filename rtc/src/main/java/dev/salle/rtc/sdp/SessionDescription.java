package dev.salle.rtc.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A whole session description (<a href="https://www.rfc-editor.org/rfc/rfc8866#section-5">RFC
 * 8866 §5</a>) as WebRTC uses it (<a href="https://www.rfc-editor.org/rfc/rfc8829#section-5.2">RFC
 * 8829 §5.2</a>). Immutable; {@link #toSdp()} writes CRLF-terminated lines in RFC order.
 *
 * @param origin the {@code o=} line
 * @param sessionName the {@code s=} value, {@code -} in WebRTC
 * @param timing the {@code t=} value, {@code 0 0} in WebRTC
 * @param otherLines session-level {@code i= u= e= p= c= b= r= z= k=} lines as full text
 * @param attributes session-level {@code a=} lines in order
 * @param media the {@code m=} sections in order
 */
public record SessionDescription(
    Origin origin,
    String sessionName,
    String timing,
    List<String> otherLines,
    List<Attribute> attributes,
    List<MediaSection> media) {

  public SessionDescription {
    otherLines = List.copyOf(otherLines);
    attributes = List.copyOf(attributes);
    media = List.copyOf(media);
  }

  /** Parses {@code sdp}; see {@link SdpParser#parse(String)}. */
  public static SessionDescription parse(String sdp) throws SdpParseException {
    return SdpParser.parse(sdp);
  }

  public Optional<String> attribute(String name) {
    return attributes.stream().filter(a -> a.name().equals(name) && !a.isFlag())
        .map(Attribute::value).findFirst();
  }

  public boolean hasFlag(String name) {
    return attributes.stream().anyMatch(a -> a.name().equals(name));
  }

  /** Mids of the first {@code a=group:BUNDLE} (RFC 8843 §7), empty when there is none. */
  public List<String> bundleMids() {
    return attributes.stream().filter(a -> a.name().equals("group") && !a.isFlag())
        .map(a -> Tokens.split(a.value()))
        .filter(t -> !t.isEmpty() && t.get(0).equals("BUNDLE"))
        .map(t -> t.subList(1, t.size())).findFirst().orElse(List.of());
  }

  /** The {@code a=msid-semantic} value, e.g. {@code WMS *} (trimmed). */
  public Optional<String> msidSemantic() {
    return attribute("msid-semantic").map(String::trim);
  }

  public boolean isExtmapAllowMixed() {
    return hasFlag("extmap-allow-mixed");
  }

  /** {@code a=ice-lite} (RFC 8839 §5.3): the peer only answers connectivity checks. */
  public boolean isIceLite() {
    return hasFlag("ice-lite");
  }

  /** The section with this mid. */
  public Optional<MediaSection> section(String mid) {
    return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
  }

  /** ICE ufrag for a section, falling back to the session level (RFC 8839 §5.4). */
  public Optional<String> iceUfrag(MediaSection section) {
    return section.iceUfrag().or(() -> attribute("ice-ufrag"));
  }

  /** ICE password for a section, falling back to the session level. */
  public Optional<String> icePwd(MediaSection section) {
    return section.icePwd().or(() -> attribute("ice-pwd"));
  }

  /** Fingerprints for a section, falling back to the session level (RFC 8122 §5). */
  public List<Fingerprint> fingerprints(MediaSection section) {
    List<Fingerprint> own = section.fingerprints();
    if (!own.isEmpty()) {
      return own;
    }
    return attributes.stream().filter(a -> a.name().equals("fingerprint") && !a.isFlag())
        .map(a -> Fingerprint.parse(a.value())).toList();
  }

  /** The description as SDP text with CRLF line endings. */
  public String toSdp() {
    StringBuilder sb = new StringBuilder(2048);
    sb.append("v=0\r\n");
    sb.append("o=").append(origin.toValue()).append("\r\n");
    sb.append("s=").append(sessionName).append("\r\n");
    for (String l : otherLines) {
      if ("iuepcb".indexOf(l.charAt(0)) >= 0) {
        sb.append(l).append("\r\n");
      }
    }
    sb.append("t=").append(timing).append("\r\n");
    for (String l : otherLines) {
      if ("iuepcb".indexOf(l.charAt(0)) < 0) {
        sb.append(l).append("\r\n");
      }
    }
    for (Attribute a : attributes) {
      sb.append(a.toLine()).append("\r\n");
    }
    for (MediaSection m : media) {
      m.appendTo(sb);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return toSdp();
  }
}

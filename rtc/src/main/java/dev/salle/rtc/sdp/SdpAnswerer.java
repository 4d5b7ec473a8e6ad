package dev.salle.rtc.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the SFU's answer to a remote offer following JSEP (<a
 * href="https://www.rfc-editor.org/rfc/rfc8829#section-5.3.1">RFC 8829 §5.3.1</a>) and the offer/
 * answer model (<a href="https://www.rfc-editor.org/rfc/rfc3264#section-6">RFC 3264 §6</a>).
 *
 * <p>The answer has the offer's m-sections in the same order with the same mids. A section is
 * accepted (port 9) when it is not already rejected, uses rtcp-mux (RTP sections; we only
 * multiplex) and shares at least one codec with {@link AnswerConfig#codecs()}, or, for a data
 * channel, when {@link AnswerConfig#sctpPort()} is set. Accepted RTP sections list the common
 * codecs in the offerer's order with the offerer's payload types and fmtp, the common rtcp-fb and
 * header extensions (offer ids kept), the reversed direction, and, for a simulcast send offer,
 * {@code a=rid:… recv} and {@code a=simulcast:recv}. Rejected sections get port 0
 * (RFC 8829 §5.3.1); an offered port 0 with {@code a=bundle-only} is not a rejection
 * (RFC 8843 §7.3.3). {@code a=setup} is {@link AnswerConfig#setup()} for an {@code actpass}
 * offer and the opposite role for a fixed one (RFC 8842 §5.3). Accepted sections from the
 * offer's BUNDLE group are bundled again.
 * Stateless and thread-safe.
 */
public final class SdpAnswerer {
  private final AnswerConfig config;

  public SdpAnswerer(AnswerConfig config) {
    this.config = config;
  }

  /** Answers {@code offer}; the answer's {@code o=} version is 2 as browsers write it. */
  public SessionDescription answer(SessionDescription offer) {
    List<MediaSection> sections = new ArrayList<>();
    Set<String> offeredBundle = new HashSet<>(offer.bundleMids());
    List<String> bundle = new ArrayList<>();
    for (MediaSection m : offer.media()) {
      MediaSection a = answerSection(m);
      sections.add(a);
      if (!a.isRejected() && m.mid().filter(offeredBundle::contains).isPresent()) {
        bundle.add(m.mid().get());
      }
    }
    List<Attribute> session = new ArrayList<>();
    if (!bundle.isEmpty()) {
      session.add(Attribute.of("group", "BUNDLE " + String.join(" ", bundle)));
    }
    if (offer.isExtmapAllowMixed()) {
      session.add(Attribute.flag("extmap-allow-mixed"));
    }
    if (offer.msidSemantic().isPresent()) {
      session.add(Attribute.of("msid-semantic", " WMS"));
    }
    if (config.iceLite()) {
      session.add(Attribute.flag("ice-lite"));
    }
    return new SessionDescription(Origin.of(config.sessionId(), 2), "-", "0 0", List.of(),
        session, sections);
  }

  private MediaSection answerSection(MediaSection offered) {
    if (offered.isRejected() && !offered.hasFlag("bundle-only")) {
      return rejected(offered);
    }
    if (offered.kind().equals("application") && !offered.isRtp()) {
      return config.sctpPort() > 0 && offered.proto().endsWith("SCTP")
          ? acceptedData(offered) : rejected(offered);
    }
    if (!offered.isRtp() || !offered.isRtcpMux()) {
      return rejected(offered);
    }
    List<Codec> kept = commonCodecs(offered);
    if (kept.isEmpty()) {
      return rejected(offered);
    }
    return acceptedRtp(offered, kept);
  }

  private List<Codec> commonCodecs(MediaSection offered) {
    List<Codec> all = offered.codecs();
    Map<Integer, Codec> primary = new LinkedHashMap<>();
    for (Codec c : all) {
      if (c.isNamed("rtx") || c.isNamed("red") || c.isNamed("ulpfec")) {
        continue;
      }
      if (config.codecs().stream().anyMatch(l -> l.matches(offered.kind(), c))) {
        primary.put(c.payloadType(), c);
      }
    }
    Set<Integer> keptPts = new HashSet<>(primary.keySet());
    for (Codec c : all) {
      boolean supported = config.codecs().stream().anyMatch(l -> l.matches(offered.kind(), c));
      if (!supported || primary.isEmpty()) {
        continue;
      }
      if (c.isNamed("ulpfec")
          || (c.isNamed("red") && primary.keySet().containsAll(c.redundantPayloadTypes()))) {
        keptPts.add(c.payloadType());
      }
    }
    for (Codec c : all) {
      if (c.isNamed("rtx")
          && config.codecs().stream().anyMatch(l -> l.matches(offered.kind(), c))
          && c.associatedPayloadType().filter(keptPts::contains).isPresent()) {
        keptPts.add(c.payloadType());
      }
    }
    List<Codec> kept = all.stream().filter(c -> keptPts.contains(c.payloadType())).toList();
    return kept;
  }

  private LocalCodec localFor(String kind, Codec c) {
    return config.codecs().stream().filter(l -> l.matches(kind, c)).findFirst().orElseThrow();
  }

  private void transport(List<Attribute> attrs, MediaSection offered) {
    attrs.add(Attribute.of("ice-ufrag", config.iceUfrag()));
    attrs.add(Attribute.of("ice-pwd", config.icePwd()));
    if (offered.iceOptions().contains("trickle")) {
      attrs.add(Attribute.of("ice-options", "trickle"));
    }
    attrs.add(Attribute.of("fingerprint", config.fingerprint().toValue()));
    attrs.add(Attribute.of("setup", setupFor(offered).sdpName()));
    offered.mid().ifPresent(mid -> attrs.add(Attribute.of("mid", mid)));
  }

  /** RFC 8842 §5.3: answer the opposite of a fixed role, our preference to actpass. */
  private Setup setupFor(MediaSection offered) {
    return switch (offered.setup().orElse(Setup.ACTPASS)) {
      case ACTIVE -> Setup.PASSIVE;
      case PASSIVE -> Setup.ACTIVE;
      default -> config.setup();
    };
  }

  private void candidates(List<Attribute> attrs) {
    for (Candidate c : config.candidates()) {
      attrs.add(Attribute.of("candidate", c.toValue()));
    }
    if (!config.candidates().isEmpty()) {
      attrs.add(Attribute.flag("end-of-candidates"));
    }
  }

  private MediaSection acceptedRtp(MediaSection offered, List<Codec> kept) {
    List<Attribute> attrs = new ArrayList<>();
    transport(attrs, offered);
    for (ExtMap e : offered.extMaps()) {
      if (config.headerExtensions().contains(e.uri())) {
        attrs.add(Attribute.of("extmap", new ExtMap(e.id(), "", e.uri(), "").toValue()));
      }
    }
    Direction direction = offered.direction().reversed();
    attrs.add(Attribute.flag(direction.sdpName()));
    attrs.add(Attribute.flag("rtcp-mux"));
    if (offered.isRtcpReducedSize()) {
      attrs.add(Attribute.flag("rtcp-rsize"));
    }
    List<Fmtp> fmtps = offered.fmtps();
    for (Codec c : kept) {
      attrs.add(Attribute.of("rtpmap", c.rtpMap().toValue()));
      Set<String> ours = localFor(offered.kind(), c).feedback();
      for (String fb : c.feedback()) {
        if (ours.contains(fb)) {
          attrs.add(Attribute.of("rtcp-fb", c.payloadType() + " " + fb));
        }
      }
      fmtps.stream().filter(f -> f.payloadType() == c.payloadType()).findFirst()
          .ifPresent(f -> attrs.add(Attribute.of("fmtp", f.toValue())));
    }
    simulcast(offered, direction, attrs);
    candidates(attrs);
    List<String> formats = kept.stream().map(c -> Integer.toString(c.payloadType())).toList();
    return new MediaSection(offered.kind(), 9, 0, offered.proto(), formats,
        Connection.UNSPECIFIED, List.of(), attrs);
  }

  private void simulcast(MediaSection offered, Direction answerDirection, List<Attribute> attrs) {
    var sim = offered.simulcast();
    if (!config.acceptSimulcast() || sim.isEmpty() || sim.get().send().isEmpty()
        || !answerDirection.receives()) {
      return;
    }
    Set<String> offeredRids = offered.rids().stream()
        .filter(r -> r.direction() == Direction.SENDONLY).map(Rid::id)
        .collect(Collectors.toSet());
    List<List<String>> streams = new ArrayList<>();
    for (List<String> alternatives : sim.get().send()) {
      List<String> known = alternatives.stream()
          .filter(r -> offeredRids.contains(r.startsWith("~") ? r.substring(1) : r)).toList();
      if (!known.isEmpty()) {
        streams.add(known);
      }
    }
    if (streams.isEmpty()) {
      return;
    }
    for (List<String> alternatives : streams) {
      for (String r : alternatives) {
        String id = r.startsWith("~") ? r.substring(1) : r;
        attrs.add(Attribute.of("rid", new Rid(id, Direction.RECVONLY, "").toValue()));
      }
    }
    attrs.add(Attribute.of("simulcast", new Simulcast(List.of(), streams).toValue()));
  }

  private MediaSection acceptedData(MediaSection offered) {
    List<Attribute> attrs = new ArrayList<>();
    transport(attrs, offered);
    attrs.add(Attribute.of("sctp-port", Integer.toString(config.sctpPort())));
    attrs.add(Attribute.of("max-message-size", Long.toString(config.maxMessageSize())));
    candidates(attrs);
    return new MediaSection(offered.kind(), 9, 0, offered.proto(), offered.formats(),
        Connection.UNSPECIFIED, List.of(), attrs);
  }

  private static MediaSection rejected(MediaSection offered) {
    List<Attribute> attrs = new ArrayList<>();
    offered.mid().ifPresent(mid -> attrs.add(Attribute.of("mid", mid)));
    if (offered.isRtp()) {
      attrs.add(Attribute.flag("inactive"));
    }
    return new MediaSection(offered.kind(), 0, 0, offered.proto(), offered.formats(),
        Connection.UNSPECIFIED, List.of(), attrs);
  }
}

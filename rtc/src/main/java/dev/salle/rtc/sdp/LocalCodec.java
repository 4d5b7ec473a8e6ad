package dev.salle.rtc.sdp;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A codec we are able to handle, as used by {@link SdpAnswerer} to pick from an offer.
 *
 * <p>Matching (RFC 3264 §6.1, RFC 8829 §5.3.1): same kind, name (case-insensitive), clock rate
 * and, when {@code channels > 0}, channels; then per codec: H.264 needs the same
 * {@code packetization-mode} and {@linkplain H264ProfileLevelId#sameProfileAs profile}; VP9
 * the same {@code profile-id}, AV1 the same {@code profile} (default 0); any other codec each
 * entry of {@code requiredParameters} equal. {@code rtx}, {@code red} and {@code ulpfec} are kept
 * only while the codecs they protect are kept.
 *
 * @param kind {@code audio} or {@code video}
 * @param feedback rtcp-fb kinds we understand ({@code nack}, {@code nack pli}, …)
 */
public record LocalCodec(String kind, String name, int clockRate, int channels,
    Map<String, String> requiredParameters, Set<String> feedback) {

  public LocalCodec {
    requiredParameters = Map.copyOf(requiredParameters);
    feedback = Set.copyOf(feedback);
  }

  /** Feedback a forwarding SFU acts on for video. */
  public static final Set<String> VIDEO_FEEDBACK =
      Set.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");

  public static LocalCodec opus() {
    return new LocalCodec("audio", "opus", 48000, 2, Map.of(), Set.of("transport-cc"));
  }

  public static LocalCodec audioRed() {
    return new LocalCodec("audio", "red", 48000, 2, Map.of(), Set.of());
  }

  public static LocalCodec vp8() {
    return new LocalCodec("video", "VP8", 90000, 0, Map.of(), VIDEO_FEEDBACK);
  }

  public static LocalCodec vp9Profile0() {
    return new LocalCodec("video", "VP9", 90000, 0, Map.of("profile-id", "0"), VIDEO_FEEDBACK);
  }

  public static LocalCodec av1() {
    return new LocalCodec("video", "AV1", 90000, 0, Map.of("profile", "0"), VIDEO_FEEDBACK);
  }

  /** H.264 Constrained Baseline, packetization-mode 1: what the Pi encoder produces. */
  public static LocalCodec h264ConstrainedBaseline() {
    return new LocalCodec("video", "H264", 90000, 0,
        Map.of("packetization-mode", "1", "profile-level-id", "42e01f"), VIDEO_FEEDBACK);
  }

  public static LocalCodec videoRtx() {
    return new LocalCodec("video", "rtx", 90000, 0, Map.of(), Set.of());
  }

  /** Whether an offered codec in a section of this kind is this codec (see class doc). */
  public boolean matches(String sectionKind, Codec offered) {
    if (!kind.equalsIgnoreCase(sectionKind) || offered.rtpMap() == null) {
      return false;
    }
    RtpMap map = offered.rtpMap();
    if (!map.isCodec(name) || map.clockRate() != clockRate) {
      return false;
    }
    if (channels > 0 && Math.max(map.channels(), 1) != channels) {
      return false;
    }
    Map<String, String> p = offered.parameters();
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "h264" -> h264Matches(offered);
      case "vp9" -> p.getOrDefault("profile-id", "0")
          .equals(requiredParameters.getOrDefault("profile-id", "0"));
      case "av1" -> p.getOrDefault("profile", "0")
          .equals(requiredParameters.getOrDefault("profile", "0"));
      case "rtx", "red", "ulpfec" -> true;
      default -> requiredParameters.entrySet().stream()
          .allMatch(e -> e.getValue().equals(p.get(e.getKey())));
    };
  }

  private boolean h264Matches(Codec offered) {
    int mode = Integer.parseInt(requiredParameters.getOrDefault("packetization-mode", "0"));
    if (offered.h264PacketizationMode() != mode) {
      return false;
    }
    H264ProfileLevelId ours =
        H264ProfileLevelId.parse(requiredParameters.getOrDefault("profile-level-id", "42000a"));
    return offered.h264ProfileLevelId().map(ours::sameProfileAs).orElse(false);
  }
}

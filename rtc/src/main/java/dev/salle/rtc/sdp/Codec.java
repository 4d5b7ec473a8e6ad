package dev.salle.rtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RTP payload type as offered: its rtpmap (null for a static type without one), fmtp
 * parameters and rtcp-fb kinds ({@code nack}, {@code nack pli}, {@code transport-cc}, …).
 */
public record Codec(int payloadType, RtpMap rtpMap, Map<String, String> parameters,
    List<String> feedback) {

  public Codec {
    parameters = Map.copyOf(parameters);
    feedback = List.copyOf(feedback);
  }

  public String name() {
    return rtpMap == null ? "" : rtpMap.encodingName();
  }

  public boolean isNamed(String encodingName) {
    return rtpMap != null && rtpMap.isCodec(encodingName);
  }

  /** For {@code rtx} (RFC 4588 §8.6): the payload type it repairs, from {@code apt}. */
  public Optional<Integer> associatedPayloadType() {
    String apt = parameters.get("apt");
    if (apt == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Tokens.parseInt(apt.trim(), 0, 127, "rtx apt"));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** For {@code red} (RFC 2198 §5): the payload types it carries, from {@code 111/111}. */
  public List<Integer> redundantPayloadTypes() {
    String list = parameters.get("");
    if (list == null || !isNamed("red")) {
      return List.of();
    }
    try {
      return java.util.Arrays.stream(list.split("/"))
          .map(s -> Tokens.parseInt(s.trim(), 0, 127, "red payload type")).toList();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /** For H.264: the parsed {@code profile-level-id}, default 42000a (RFC 6184 §8.1). */
  public Optional<H264ProfileLevelId> h264ProfileLevelId() {
    if (!isNamed("H264")) {
      return Optional.empty();
    }
    String v = parameters.getOrDefault("profile-level-id", "42000a");
    try {
      return Optional.of(H264ProfileLevelId.parse(v));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** For H.264: {@code packetization-mode}, 0 when absent (RFC 6184 §8.1). */
  public int h264PacketizationMode() {
    String v = parameters.getOrDefault("packetization-mode", "0").trim();
    return v.equals("1") ? 1 : v.equals("2") ? 2 : 0;
  }
}

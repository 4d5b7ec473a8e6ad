package dev.salle.rtc.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What our side puts into an answer built by {@link SdpAnswerer}.
 *
 * @param sessionId our {@code o=} session id (decimal digits)
 * @param iceUfrag our ICE username fragment (RFC 8839 §5.4: 4–256 characters)
 * @param icePwd our ICE password (22–256 characters)
 * @param fingerprint hash of our DTLS certificate
 * @param setup {@link Setup#ACTIVE} or {@link Setup#PASSIVE}; an SFU usually answers passive
 * @param iceLite announce {@code a=ice-lite} (RFC 8839 §5.3)
 * @param codecs codecs we accept, any kind
 * @param headerExtensions RTP header extension URIs we understand (RFC 8285)
 * @param acceptSimulcast answer {@code a=simulcast:send} with {@code recv} and the same rids
 * @param sctpPort our SCTP port for data channels, or 0 to reject data channel sections
 * @param maxMessageSize our {@code a=max-message-size} in bytes
 * @param candidates our ICE candidates to list in each accepted section (may be empty)
 */
public record AnswerConfig(
    String sessionId,
    String iceUfrag,
    String icePwd,
    Fingerprint fingerprint,
    Setup setup,
    boolean iceLite,
    List<LocalCodec> codecs,
    Set<String> headerExtensions,
    boolean acceptSimulcast,
    int sctpPort,
    long maxMessageSize,
    List<Candidate> candidates) {

  public AnswerConfig {
    Tokens.requireDigits(Objects.requireNonNull(sessionId, "sessionId"), "answer session id");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (iceUfrag == null || iceUfrag.length() < 4 || iceUfrag.length() > 256) {
      throw new IllegalArgumentException("ICE ufrag '" + iceUfrag
          + "' must have 4 to 256 characters (RFC 8839 §5.4)");
    }
    if (icePwd == null || icePwd.length() < 22 || icePwd.length() > 256) {
      throw new IllegalArgumentException("ICE password must have 22 to 256 characters"
          + " (RFC 8839 §5.4); got " + (icePwd == null ? "none" : icePwd.length()));
    }
    if (setup != Setup.ACTIVE && setup != Setup.PASSIVE) {
      throw new IllegalArgumentException(
          "answer setup " + setup + " is not allowed; an answer must say ACTIVE or PASSIVE");
    }
    if (sctpPort < 0 || sctpPort > 65535) {
      throw new IllegalArgumentException("sctpPort " + sctpPort + " is not 0..65535");
    }
    codecs = List.copyOf(codecs);
    headerExtensions = Set.copyOf(headerExtensions);
    candidates = List.copyOf(candidates);
  }
}

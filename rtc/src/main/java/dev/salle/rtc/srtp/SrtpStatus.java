package dev.salle.rtc.srtp;

/** Outcome of protecting or unprotecting one packet. Anything but {@link #OK} drops it. */
public enum SrtpStatus {
  OK,
  /** The authentication tag (HMAC or AEAD) did not verify: forged, corrupted or wrong key. */
  AUTH_FAILED,
  /** The packet index was already accepted (RFC 3711 §3.3.2). */
  REPLAY,
  /** The packet index lies behind the replay window: too old to tell, dropped (RFC 3711 §3.3.2). */
  REPLAY_TOO_OLD,
  /** Shorter than its RTP/RTCP header plus tag. */
  TOO_SHORT,
  /** Not RTP/RTCP version 2. */
  MALFORMED,
  /** A new SSRC arrived after the session reached its stream limit. */
  UNKNOWN_SSRC,
  /** The cipher failed for another reason; see the log at debug. */
  FAILED
}

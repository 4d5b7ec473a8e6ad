package dev.salle.rtc.srtp;

import dev.salle.rtc.srtp.SrtpCounters.Operation;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP/SRTCP for one DTLS-SRTP transport: protects what we send with our master key and
 * unprotects what we receive with the peer's (<a href="https://www.rfc-editor.org/rfc/rfc3711#section-3.3">RFC
 * 3711 §3.3</a>, <a href="https://www.rfc-editor.org/rfc/rfc3711#section-3.4">§3.4</a>; GCM
 * <a href="https://www.rfc-editor.org/rfc/rfc7714#section-8">RFC 7714 §8</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc7714#section-9">§9</a>).
 *
 * <p>Each SSRC gets its own crypto context on first use, holding its rollover counter and a
 * 64-packet replay window. A received packet that fails authentication never creates a context,
 * so forged SSRCs cost nothing; once {@code maxStreams} SSRCs exist, further new ones are refused
 * with {@link SrtpStatus#UNKNOWN_SSRC}. Sending the same sequence number twice for an SSRC is
 * refused with {@link SrtpStatus#REPLAY}, as re-using an index would re-use keystream.
 *
 * <p>Transforms work in place on a {@link PacketBuffer}; the result says whether to forward the
 * packet, and every outcome is counted in {@link #counters()}. Thread-safe: contexts are locked
 * per SSRC; the usual pattern is one sending and one receiving thread.
 */
public final class SrtpSession implements AutoCloseable {
  /** Default limit on SSRCs per transform. */
  public static final int DEFAULT_MAX_STREAMS = 256;
  private static final Logger LOG = LoggerFactory.getLogger(SrtpSession.class);
  private static final int RTP_HEADER = 12;
  private static final int RTCP_HEADER = 8;
  private static final int SRTCP_INDEX = 4;

  private final SrtpProfile profile;
  private final int maxStreams;
  private final SrtpContextFactory sendFactory;
  private final SrtpContextFactory receiveFactory;
  private final ContextFactory<SrtpCryptoContext> sendRtpContexts;
  private final ContextFactory<SrtpCryptoContext> receiveRtpContexts;
  private final Map<Integer, SrtpCryptoContext> sendRtp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtpCryptoContext> receiveRtp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> sendRtcp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> receiveRtcp = new ConcurrentHashMap<>();
  private final SrtpCounters counters = new SrtpCounters();

  /**
   * A session with explicit keys.
   *
   * @param sendKey master key and salt for what we send
   * @param receiveKey master key and salt the peer sends with
   * @param maxStreams how many SSRCs each transform accepts
   */
  public SrtpSession(SrtpProfile profile, SrtpMasterKey sendKey, SrtpMasterKey receiveKey,
      int maxStreams) {
    this.profile = Objects.requireNonNull(profile, "profile");
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams " + maxStreams + " must be at least 1");
    }
    this.maxStreams = maxStreams;
    Slf4jJitsiLogger jitsiLog = new Slf4jJitsiLogger("org.jitsi.srtp");
    this.sendFactory = new SrtpContextFactory(true, sendKey.key(), sendKey.salt(), policy(profile),
        policy(profile), jitsiLog);
    this.receiveFactory = new SrtpContextFactory(false, receiveKey.key(), receiveKey.salt(),
        policy(profile), policy(profile), jitsiLog);
    this.sendRtpContexts = ssrc -> sendFactory.deriveContext(ssrc, 0);
    this.receiveRtpContexts = ssrc -> receiveFactory.deriveContext(ssrc, 0);
  }

  /** The session for our side of a DTLS-SRTP association (RFC 5764 §4.2). */
  public static SrtpSession fromDtls(SrtpKeys keys, boolean weAreDtlsClient) {
    return new SrtpSession(keys.profile(), keys.sending(weAreDtlsClient),
        keys.receiving(weAreDtlsClient), DEFAULT_MAX_STREAMS);
  }

  private static SrtpPolicy policy(SrtpProfile profile) {
    return switch (profile) {
      case AES_CM_128_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16,
          SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
      case AEAD_AES_128_GCM, AEAD_AES_256_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION,
          profile.keyLength(), SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
    };
  }

  public SrtpProfile profile() {
    return profile;
  }

  public SrtpCounters counters() {
    return counters;
  }

  /** Encrypts and authenticates an RTP packet in place; appends {@link SrtpProfile#tagLength()}. */
  public SrtpStatus protectRtp(PacketBuffer packet) {
    SrtpStatus status = checkRtp(packet, 0);
    if (status == SrtpStatus.OK) {
      status = transform(sendRtp, sendRtpContexts, PROTECT_RTP, true, packet, ssrcAt(packet, 8));
    }
    return record(Operation.PROTECT_RTP, status);
  }

  /** Verifies, replay-checks and decrypts an SRTP packet in place; strips the tag. */
  public SrtpStatus unprotectRtp(PacketBuffer packet) {
    SrtpStatus status = checkRtp(packet, profile.tagLength());
    if (status == SrtpStatus.OK) {
      status = transform(receiveRtp, receiveRtpContexts, UNPROTECT_RTP, false, packet, ssrcAt(packet, 8));
    }
    return record(Operation.UNPROTECT_RTP, status);
  }

  /** Protects an RTCP compound packet in place; appends the SRTCP index and tag. */
  public SrtpStatus protectRtcp(PacketBuffer packet) {
    SrtpStatus status = checkRtcp(packet, 0);
    if (status == SrtpStatus.OK) {
      status = transform(sendRtcp, sendFactory::deriveControlContext, PROTECT_RTCP, true, packet,
          ssrcAt(packet, 4));
    }
    return record(Operation.PROTECT_RTCP, status);
  }

  /** Verifies, replay-checks and decrypts an SRTCP packet in place. */
  public SrtpStatus unprotectRtcp(PacketBuffer packet) {
    SrtpStatus status = checkRtcp(packet, SRTCP_INDEX + profile.tagLength());
    if (status == SrtpStatus.OK) {
      status = transform(receiveRtcp, receiveFactory::deriveControlContext, UNPROTECT_RTCP, false, packet,
          ssrcAt(packet, 4));
    }
    return record(Operation.UNPROTECT_RTCP, status);
  }

  /** Copying variant of {@link #protectRtp(PacketBuffer)}. */
  public byte[] protectRtp(byte[] rtp) throws SrtpException {
    return orThrow(Operation.PROTECT_RTP, rtp, this::protectRtp, profile.tagLength());
  }

  /** Copying variant of {@link #unprotectRtp(PacketBuffer)}. */
  public byte[] unprotectRtp(byte[] srtp) throws SrtpException {
    return orThrow(Operation.UNPROTECT_RTP, srtp, this::unprotectRtp, 0);
  }

  /** Copying variant of {@link #protectRtcp(PacketBuffer)}. */
  public byte[] protectRtcp(byte[] rtcp) throws SrtpException {
    return orThrow(Operation.PROTECT_RTCP, rtcp, this::protectRtcp,
        SRTCP_INDEX + profile.tagLength());
  }

  /** Copying variant of {@link #unprotectRtcp(PacketBuffer)}. */
  public byte[] unprotectRtcp(byte[] srtcp) throws SrtpException {
    return orThrow(Operation.UNPROTECT_RTCP, srtcp, this::unprotectRtcp, 0);
  }

  private interface Transform {
    SrtpStatus apply(PacketBuffer packet);
  }

  private static byte[] orThrow(Operation op, byte[] packet, Transform t, int spare)
      throws SrtpException {
    PacketBuffer buf = PacketBuffer.copyOf(packet, spare);
    SrtpStatus status = t.apply(buf);
    if (status != SrtpStatus.OK) {
      throw new SrtpException(status, op + " of a " + packet.length + "-byte packet failed: "
          + status + "; drop the packet (a burst of these means wrong keys or an attack)");
    }
    return buf.toByteArray();
  }

  private SrtpStatus record(Operation op, SrtpStatus status) {
    counters.record(op, status);
    return status;
  }

  private static SrtpStatus checkRtp(PacketBuffer p, int trailer) {
    if (p.length() < RTP_HEADER + trailer) {
      return SrtpStatus.TOO_SHORT;
    }
    if (p.byteAt(0) >> 6 != 2) {
      return SrtpStatus.MALFORMED;
    }
    int header = RTP_HEADER + 4 * (p.byteAt(0) & 0x0f);
    if ((p.byteAt(0) & 0x10) != 0) {
      if (p.length() < header + 4 + trailer) {
        return SrtpStatus.TOO_SHORT;
      }
      header += 4 + 4 * ((p.byteAt(header + 2) << 8) | p.byteAt(header + 3));
    }
    return p.length() < header + trailer ? SrtpStatus.TOO_SHORT : SrtpStatus.OK;
  }

  private static SrtpStatus checkRtcp(PacketBuffer p, int trailer) {
    if (p.length() < RTCP_HEADER + trailer) {
      return SrtpStatus.TOO_SHORT;
    }
    return p.byteAt(0) >> 6 != 2 ? SrtpStatus.MALFORMED : SrtpStatus.OK;
  }

  private static int ssrcAt(PacketBuffer p, int index) {
    return (p.byteAt(index) << 24) | (p.byteAt(index + 1) << 16) | (p.byteAt(index + 2) << 8)
        | p.byteAt(index + 3);
  }

  private interface ContextFactory<C> {
    C create(int ssrc) throws GeneralSecurityException;
  }

  private interface ContextTransform<C> {
    SrtpErrorStatus apply(C context, JitsiBuffer buffer) throws GeneralSecurityException;
  }

  // made once, not per packet: the packet path allocates nothing of ours
  private static final ContextTransform<SrtpCryptoContext> PROTECT_RTP = (c, b) -> c.transformPacket(b);
  private static final ContextTransform<SrtpCryptoContext> UNPROTECT_RTP =
      (c, b) -> c.reverseTransformPacket(b, false);
  private static final ContextTransform<SrtcpCryptoContext> PROTECT_RTCP = (c, b) -> c.transformPacket(b);
  private static final ContextTransform<SrtcpCryptoContext> UNPROTECT_RTCP = (c, b) -> c.reverseTransformPacket(b);

  private <C extends BaseSrtpCryptoContext> SrtpStatus transform(Map<Integer, C> contexts,
      ContextFactory<C> factory, ContextTransform<C> op, boolean sending, PacketBuffer packet,
      int ssrc) {
    C context = contexts.get(ssrc);
    boolean created = false;
    try {
      if (context == null) {
        if (contexts.size() >= maxStreams) {
          LOG.debug("refusing SSRC {}: already {} streams", Integer.toUnsignedLong(ssrc),
              maxStreams);
          return SrtpStatus.UNKNOWN_SSRC;
        }
        context = factory.create(ssrc);
        C raced = contexts.putIfAbsent(ssrc, context);
        if (raced != null) {
          context = raced;
        } else {
          created = true;
        }
      }
      SrtpStatus status = map(op.apply(context, packet.jitsi()));
      if (status != SrtpStatus.OK && created && !sending) {
        contexts.remove(ssrc, context);
      }
      return status;
    } catch (GeneralSecurityException | RuntimeException e) {
      if (created) {
        contexts.remove(ssrc, context);
      }
      LOG.debug("SRTP transform for SSRC {} failed", Integer.toUnsignedLong(ssrc), e);
      return e instanceof javax.crypto.AEADBadTagException
          ? SrtpStatus.AUTH_FAILED : SrtpStatus.FAILED;
    }
  }

  private static SrtpStatus map(SrtpErrorStatus status) {
    return switch (status) {
      case OK -> SrtpStatus.OK;
      case AUTH_FAIL -> SrtpStatus.AUTH_FAILED;
      case REPLAY_FAIL -> SrtpStatus.REPLAY;
      case REPLAY_OLD -> SrtpStatus.REPLAY_TOO_OLD;
      case INVALID_PACKET -> SrtpStatus.TOO_SHORT;
      case FAIL -> SrtpStatus.FAILED;
    };
  }

  /** Releases the key derivation ciphers (native memory when OpenSSL is in use). */
  @Override
  public void close() {
    sendFactory.close();
    receiveFactory.close();
    sendRtp.clear();
    receiveRtp.clear();
    sendRtcp.clear();
    receiveRtcp.clear();
  }
}

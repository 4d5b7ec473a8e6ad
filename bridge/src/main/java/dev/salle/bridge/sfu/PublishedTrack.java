package dev.salle.bridge.sfu;

import dev.salle.rtc.rtcp.SenderReport;
import dev.salle.rtc.rtp.RtpPacket;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One published track in the SFU: its simulcast layers (one SSRC each), a packet cache and
 * reception statistics per layer, and its subscribers, each fed through its own
 * {@link SubscriberStream}. Publisher packets come in through {@link #onRtp}; subscribers'
 * NACKs through {@link #onNack}; {@link #keyFrameRequest} says when to send the publisher a PLI.
 *
 * <p>Threading: {@link #onRtp}, {@link #onNack} and {@link #keyFrameRequest} run on the
 * publisher's receive thread (one at a time); subscribing and unsubscribing may happen on other
 * threads.
 */
public final class PublishedTrack {

    /**
     * Sends one RTP packet to one subscriber (a {@code PeerConnection::sendRtp}). The array
     * is the track's scratch buffer: valid during the call only, so a sender that keeps the packet
     * copies it.
     */
    @FunctionalInterface
    public interface Sender {
        boolean send(byte[] packet, int length);
    }

    private record Subscription(SubscriberStream stream, Sender sender) {}

    /** A layer whose SSRC is not known yet (0 is never chosen: RFC 3550 SSRCs are random, we skip 0). */
    public static final long UNKNOWN_SSRC = 0;

    private final String sid;
    private final VideoCodec codec;
    private final int clockRate;
    private final long[] layerSsrcs;
    private final PacketCache[] caches;
    private final ReceptionStats[] stats;  // a layer's entry is replaced when its SSRC is learnt
    private final Map<String, Subscription> subscribers = new ConcurrentHashMap<>();
    private final RtpPacket view = new RtpPacket();
    private final byte[] scratch = new byte[PacketCache.MAX_PACKET];
    private final long minKeyFrameIntervalNanos;
    private final AtomicLong unknownSsrc = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private long lastKeyFrameRequestNanos = Long.MIN_VALUE / 2;

    /**
     * @param sid the track's {@code TR_…} id
     * @param codec the video codec, or null for audio (every audio packet can start a stream)
     * @param clockRate the RTP clock
     * @param layerSsrcs the publisher's SSRC of each layer, lowest first (one for a single stream)
     * @param minKeyFrameInterval PLIs to the publisher are at least this far apart
     */
    public PublishedTrack(String sid, VideoCodec codec, int clockRate, long[] layerSsrcs, java.time.Duration minKeyFrameInterval) {
        this.sid = Objects.requireNonNull(sid, "sid");
        if (layerSsrcs.length < 1 || layerSsrcs.length > 3) {
            throw new IllegalArgumentException("track " + sid + " needs 1 to 3 layer SSRCs, got " + layerSsrcs.length);
        }
        this.codec = codec;
        this.clockRate = clockRate;
        this.layerSsrcs = Arrays.copyOf(layerSsrcs, layerSsrcs.length);
        this.caches = new PacketCache[layerSsrcs.length];
        this.stats = new ReceptionStats[layerSsrcs.length];
        for (int i = 0; i < layerSsrcs.length; i++) {
            caches[i] = new PacketCache(codec == null ? 128 : 1024);
            stats[i] = new ReceptionStats(layerSsrcs[i], clockRate);
        }
        this.minKeyFrameIntervalNanos = minKeyFrameInterval.toNanos();
    }

    public String sid() {
        return sid;
    }

    /** Adds a subscriber, who gets packets under {@code ssrc} once a key frame of {@code layer} arrives. */
    public void subscribe(String subscriber, long ssrc, int layer, Sender sender) {
        int start = Math.min(Math.max(layer, 0), layerSsrcs.length - 1);
        subscribers.put(subscriber, new Subscription(new SubscriberStream(ssrc, clockRate, start), sender));
    }

    public void unsubscribe(String subscriber) {
        subscribers.remove(subscriber);
    }

    /** The layer this subscriber should get (from its tile size); applied at a key frame. */
    public void targetLayer(String subscriber, int layer) {
        Subscription s = subscribers.get(subscriber);
        if (s != null) {
            s.stream().targetLayer(Math.min(Math.max(layer, 0), layerSsrcs.length - 1));
        }
    }

    /** One decrypted RTP packet from the publisher; forwards it to every subscriber that should get it. */
    public void onRtp(byte[] packet, long nowNanos) {
        if (!view.tryWrap(packet, 0, packet.length)) {
            malformed.incrementAndGet();
            return;
        }
        int layer = layerIndex(view.ssrc());
        if (layer < 0) {
            unknownSsrc.incrementAndGet();
            return;
        }
        int seq = view.sequenceNumber();
        stats[layer].packet(seq, view.timestamp(), nowNanos);
        caches[layer].store(seq, packet, 0, packet.length);
        boolean keyFrame = codec == null || codec.isKeyFrame(packet, view.payloadOffset(), view.payloadLength());
        for (Subscription s : subscribers.values()) {
            int n = s.stream().forward(packet, 0, packet.length, layer, keyFrame, nowNanos, scratch);
            if (n > 0) {
                s.sender().send(scratch, n);
            }
        }
    }

    /** A subscriber lost {@code outSequence}: resend it from the cache if it is still there. */
    public boolean onNack(String subscriber, int outSequence) {
        Subscription s = subscribers.get(subscriber);
        if (s == null) {
            return false;
        }
        int n = s.stream().retransmit(outSequence, caches, scratch);
        return n > 0 && s.sender().send(scratch, n);
    }

    /**
     * The publisher SSRC to send a PLI for now, or -1: some subscriber waits for a key frame on
     * a layer, and the last request is older than the minimum interval.
     */
    public long keyFrameRequest(long nowNanos) {
        if (codec == null || nowNanos - lastKeyFrameRequestNanos < minKeyFrameIntervalNanos) {
            return -1;
        }
        for (Subscription s : subscribers.values()) {
            if (s.stream().needsKeyFrame() && !s.stream().paused()) {
                long ssrc = layerSsrcs[s.stream().targetLayer()];
                if (ssrc == UNKNOWN_SSRC) {
                    continue;
                }
                lastKeyFrameRequestNanos = nowNanos;
                return ssrc;
            }
        }
        return -1;
    }

    /**
     * The publisher SSRC to send a PLI for now because a subscriber's decoder asked for a key frame
     * (its PLI or FIR), or -1 when the last request is younger than the minimum interval or the
     * layer's SSRC is not known yet. Call on the thread that calls {@link #onRtp}'s neighbours:
     * requests from several subscribers' threads may race, costing at most one extra PLI.
     */
    public long keyFrameRequestNow(String subscriber, long nowNanos) {
        Subscription s = subscribers.get(subscriber);
        if (codec == null || s == null || nowNanos - lastKeyFrameRequestNanos < minKeyFrameIntervalNanos) {
            return -1;
        }
        long ssrc = layerSsrcs[Math.min(s.stream().targetLayer(), layerSsrcs.length - 1)];
        if (ssrc == UNKNOWN_SSRC) {
            return -1;
        }
        lastKeyFrameRequestNanos = nowNanos;
        return ssrc;
    }

    /**
     * Records the publisher's SSRC of {@code layer}, learnt from the first packets when the SDP did
     * not list it (simulcast by rid, or SSRCs the offer left out). Call on the publisher's receive thread.
     */
    public void learnSsrc(int layer, long ssrc) {
        if (layer < 0 || layer >= layerSsrcs.length) {
            throw new IllegalArgumentException("track " + sid + " has layers 0.." + (layerSsrcs.length - 1)
                    + ", not " + layer);
        }
        layerSsrcs[layer] = ssrc;
        stats[layer] = new ReceptionStats(ssrc, clockRate);
    }

    /** The publisher's SSRC of a layer, or {@link #UNKNOWN_SSRC}. */
    public long layerSsrc(int layer) {
        return layerSsrcs[layer];
    }

    public int layerCount() {
        return layerSsrcs.length;
    }

    /**
     * The layer to forward to a subscriber who asked for {@code wanted}: the highest layer not above
     * it that had a packet within {@code recentNanos}, else the lowest layer that did (a publisher
     * whose bandwidth estimate is still low sends its lower layers only), else {@code wanted}.
     */
    public int availableLayer(int wanted, long nowNanos, long recentNanos) {
        int top = Math.min(Math.max(wanted, 0), layerSsrcs.length - 1);
        for (int l = top; l >= 0; l--) {
            if (flowing(l, nowNanos, recentNanos)) {
                return l;
            }
        }
        for (int l = top + 1; l < layerSsrcs.length; l++) {
            if (flowing(l, nowNanos, recentNanos)) {
                return l;
            }
        }
        return top;
    }

    private boolean flowing(int layer, long nowNanos, long recentNanos) {
        return layerSsrcs[layer] != UNKNOWN_SSRC && nowNanos - stats[layer].lastArrivalNanos() <= recentNanos;
    }

    /** Pauses or resumes one subscriber's stream (see {@link SubscriberStream#paused(boolean)}). */
    public void paused(String subscriber, boolean pause) {
        Subscription s = subscribers.get(subscriber);
        if (s != null) {
            s.stream().paused(pause);
        }
    }

    /** The subscriber's current target layer, or -1 when it does not subscribe. */
    public int targetLayer(String subscriber) {
        Subscription s = subscribers.get(subscriber);
        return s == null ? -1 : s.stream().targetLayer();
    }

    /**
     * A sender report for one subscriber (RFC 3550 §6.4.1): the publisher's last NTP/RTP pair for the
     * layer the subscriber gets, its RTP time moved into the subscriber's timestamp space, and what
     * was forwarded to it. Null before the subscriber got a packet or the publisher sent a report.
     * Read on the media timer while the receive thread forwards: the counts may be a packet apart.
     */
    public SenderReport senderReport(String subscriber) {
        Subscription s = subscribers.get(subscriber);
        if (s == null) {
            return null;
        }
        int layer = s.stream().currentLayer();
        if (layer < 0 || layer >= stats.length) {
            return null;
        }
        long[] mapping = stats[layer].senderReportMapping();
        if (mapping == null) {
            return null;
        }
        return new SenderReport(s.stream().ssrc(), mapping[0], s.stream().outputTimestamp(mapping[1]),
                s.stream().forwarded() & 0xFFFFFFFFL, s.stream().octets() & 0xFFFFFFFFL, List.of());
    }

    /** The layer of a publisher SSRC, or -1. */
    public int layerOf(long ssrc) {
        return layerIndex(ssrc);
    }

    /** Reception statistics of one layer, for receiver reports to the publisher. */
    public ReceptionStats stats(int layer) {
        return stats[layer];
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** Packets from an SSRC that is not one of this track's layers. */
    public long unknownSsrcDrops() {
        return unknownSsrc.get();
    }

    public long malformedDrops() {
        return malformed.get();
    }

    private int layerIndex(long ssrc) {
        if (ssrc == UNKNOWN_SSRC) {
            return -1;
        }
        for (int i = 0; i < layerSsrcs.length; i++) {
            if (layerSsrcs[i] == ssrc) {
                return i;
            }
        }
        return -1;
    }
}

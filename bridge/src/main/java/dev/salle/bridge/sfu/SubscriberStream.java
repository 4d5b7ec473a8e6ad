package dev.salle.bridge.sfu;

import dev.salle.rtc.rtp.RtpPacket;

/**
 * One published video or audio track as one subscriber receives it: its own SSRC, sequence
 * numbers and timestamps, whichever simulcast layer of the publisher it is fed from.
 *
 * <ul>
 *   <li>Forwarding starts at a key frame; until then packets are dropped and
 *       {@link #needsKeyFrame()} asks the caller to send the publisher a PLI.</li>
 *   <li>A layer change ({@link #targetLayer}) takes effect at the next key frame of the target
 *       layer, so the subscriber's decoder never sees a frame whose reference it lacks.</li>
 *   <li>Within one source layer, output sequence numbers keep the input's gaps (so the
 *       subscriber's NACKs name real losses); across a switch they continue without a gap.
 *       Timestamps move forward by the wall time between the last packet of the old layer and
 *       the first of the new one.</li>
 *   <li>{@link #sourceOf} maps a NACKed output sequence number back to the layer and input
 *       sequence number, to answer it from that layer's {@link PacketCache}.</li>
 * </ul>
 *
 * Nothing allocates per packet. Threading: one thread (the forwarding thread) uses an instance.
 */
public final class SubscriberStream {

    private static final int MAPPING = 2048;

    private final long ssrc;
    private final int clockRate;
    private final RtpPacket view = new RtpPacket();
    private final long[] mapping = new long[MAPPING];
    private final long[] mappedTimestamps = new long[MAPPING];

    private int currentLayer = -1;
    private boolean paused;
    private int targetLayer;
    private int seqOffset;
    private long tsOffset;
    private int lastOutSeq = -1;
    private long lastOutTs;
    private long lastForwardNanos;
    private boolean needsKeyFrame = true;
    private long forwarded;
    private long octets;
    private long dropped;
    private long malformed;

    /**
     * @param ssrc the SSRC this subscriber sees
     * @param clockRate RTP clock of the codec (90000 for video, 48000 for Opus)
     * @param initialLayer the simulcast layer to start from (0 for a single stream)
     */
    public SubscriberStream(long ssrc, int clockRate, int initialLayer) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.clockRate = clockRate;
        this.targetLayer = initialLayer;
        java.util.Arrays.fill(mapping, -1);
    }

    /** The layer the subscriber should get; applied at that layer's next key frame. */
    public void targetLayer(int layer) {
        if (layer != targetLayer) {
            targetLayer = layer;
            needsKeyFrame = layer != currentLayer;
        }
    }

    /** The layer this subscriber should get. */
    public int targetLayer() {
        return targetLayer;
    }

    /**
     * Pauses or resumes the stream (the subscriber hid the video: {@code UpdateTrackSettings.disabled}).
     * Nothing is forwarded while paused; on resume the stream waits for a key frame of its target
     * layer, and sequence numbers and timestamps go on from where they stopped.
     */
    public void paused(boolean pause) {
        if (pause == paused) {
            return;
        }
        paused = pause;
        if (!pause) {
            currentLayer = -1;
            needsKeyFrame = true;
        }
    }

    public boolean paused() {
        return paused;
    }

    public int currentLayer() {
        return currentLayer;
    }

    /** Whether the caller should ask the publisher for a key frame on the target layer (then it resets). */
    public boolean needsKeyFrame() {
        return needsKeyFrame && currentLayer != targetLayer;
    }

    /**
     * Rewrites one packet of {@code layer} for this subscriber into {@code out}.
     *
     * @param keyFrame whether the packet starts a key frame (see {@link VideoCodec#isKeyFrame}); always true for audio
     * @param nowNanos a monotonic time, for the timestamp jump at a layer switch
     * @return the length written into {@code out}, or -1 when the packet is not forwarded
     */
    public int forward(byte[] in, int off, int len, int layer, boolean keyFrame, long nowNanos, byte[] out) {
        if (!view.tryWrap(in, off, len) || len > out.length) {
            malformed++;
            return -1;
        }
        if (paused) {
            return -1;
        }
        if (layer != currentLayer) {
            if (layer != targetLayer || !keyFrame) {
                dropped++;
                return -1;
            }
            switchTo(layer, nowNanos);
        }
        System.arraycopy(in, off, out, 0, len);
        view.tryWrap(out, 0, len); // the same header, now over the subscriber's copy
        int outSeq = (view.sequenceNumber() + seqOffset) & 0xFFFF;
        long outTs = (view.timestamp() + tsOffset) & 0xFFFFFFFFL;
        mapping[outSeq & (MAPPING - 1)] = ((long) outSeq << 32) | ((long) layer << 16) | view.sequenceNumber();
        mappedTimestamps[outSeq & (MAPPING - 1)] = outTs;
        view.rewrite(ssrc, outSeq, outTs);
        if (lastOutSeq < 0 || ((outSeq - lastOutSeq) & 0xFFFF) < 0x8000) {
            lastOutSeq = outSeq;
            lastOutTs = outTs;
        }
        lastForwardNanos = nowNanos;
        forwarded++;
        octets += view.payloadLength();
        return len;
    }

    private void switchTo(int layer, long nowNanos) {
        int inSeq = view.sequenceNumber();
        long inTs = view.timestamp();
        if (lastOutSeq < 0) {
            seqOffset = 0;
            tsOffset = 0;
        } else {
            seqOffset = (lastOutSeq + 1 - inSeq) & 0xFFFF;
            long elapsedTicks = Math.max(1, (nowNanos - lastForwardNanos) / 1_000_000 * clockRate / 1000);
            tsOffset = (lastOutTs + elapsedTicks - inTs) & 0xFFFFFFFFL;
        }
        currentLayer = layer;
        needsKeyFrame = false;
    }

    /**
     * The source of a sequence number this subscriber received, for a NACK.
     *
     * @return {@code layer << 16 | inputSequence}, or -1 when it is too old or was never sent
     */
    public int sourceOf(int outSequence) {
        long m = mapping[outSequence & (MAPPING - 1)];
        if (m < 0 || (int) (m >>> 32) != (outSequence & 0xFFFF)) {
            return -1;
        }
        return (int) (m & 0xFFFFFFFFL);
    }

    /**
     * Answers a NACK for one output sequence number from the publisher's packet caches: the cached
     * packet, rewritten exactly as it was first sent (RFC 4585 §6.2.1; retransmitted in the same
     * stream, not RTX).
     *
     * @param cachesByLayer the cache of each simulcast layer of the publisher, by layer index
     * @return the length written into {@code out}, or -1 when the packet is no longer cached
     */
    public int retransmit(int outSequence, PacketCache[] cachesByLayer, byte[] out) {
        int source = sourceOf(outSequence);
        if (source < 0) {
            return -1;
        }
        int layer = source >>> 16;
        if (layer >= cachesByLayer.length || cachesByLayer[layer] == null) {
            return -1;
        }
        int len = cachesByLayer[layer].copy(source & 0xFFFF, out, 0);
        if (len < 0 || !view.tryWrap(out, 0, len)) {
            return -1;
        }
        view.rewrite(ssrc, outSequence & 0xFFFF, mappedTimestamps[outSequence & (MAPPING - 1)]);
        return len;
    }

    public long ssrc() {
        return ssrc;
    }

    /** Payload octets forwarded, for sender reports. */
    public long octets() {
        return octets;
    }

    /** What a publisher RTP timestamp of the current layer becomes for this subscriber. */
    public long outputTimestamp(long inputTimestamp) {
        return (inputTimestamp + tsOffset) & 0xFFFFFFFFL;
    }

    public long forwarded() {
        return forwarded;
    }

    /** Packets held back: waiting for a key frame, or from a layer this subscriber does not get. */
    public long dropped() {
        return dropped;
    }

    public long malformed() {
        return malformed;
    }
}

package dev.salle.bridge.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubscriberStreamTest {

    private static final long SUBSCRIBER_SSRC = 0xCAFEBABEL;
    private final byte[] out = new byte[1500];
    private final SubscriberStream stream = new SubscriberStream(SUBSCRIBER_SSRC, 90_000, 0);
    private long now = 1_000_000_000L;

    private int forward(byte[] p, int layer, boolean key) {
        now += 33_000_000L;
        return stream.forward(p, 0, p.length, layer, key, now, out);
    }

    @Test
    void nothingIsForwardedBeforeAKeyFrameAndAKeyFrameIsAskedFor() {
        assertThat(stream.needsKeyFrame()).isTrue();
        assertThat(forward(Rtp.packet(1, 100, 9000, 96, (byte) 1), 0, false)).isEqualTo(-1);
        assertThat(stream.dropped()).isEqualTo(1);

        assertThat(forward(Rtp.packet(1, 101, 12000, 96, (byte) 2), 0, true)).isPositive();
        assertThat(stream.needsKeyFrame()).isFalse();
    }

    @Test
    void aPausedStreamForwardsNothingAndResumesAtAKeyFrameWithoutASequenceJump() {
        forward(Rtp.packet(1, 100, 9000, 96, (byte) 1), 0, true);
        int last = Rtp.seq(out);

        stream.paused(true);
        assertThat(forward(Rtp.packet(1, 101, 12000, 96, (byte) 2), 0, true)).isEqualTo(-1);
        assertThat(stream.needsKeyFrame()).as("no key frame asked for a paused stream's sake").isFalse();

        stream.paused(false);
        assertThat(stream.needsKeyFrame()).isTrue();
        assertThat(forward(Rtp.packet(1, 102, 15000, 96, (byte) 3), 0, false)).as("waits for a key frame").isEqualTo(-1);
        assertThat(forward(Rtp.packet(1, 103, 18000, 96, (byte) 4), 0, true)).isPositive();
        assertThat(Rtp.seq(out)).isEqualTo((last + 1) & 0xFFFF);
    }

    @Test
    void forwardedPacketsCarryTheSubscribersSsrcAndTheSamePayload() {
        byte[] in = Rtp.packet(1, 500, 3000, 96, (byte) 9, (byte) 8, (byte) 7);

        int n = forward(in, 0, true);

        assertThat(Rtp.ssrc(out)).isEqualTo(SUBSCRIBER_SSRC);
        assertThat(Arrays.copyOfRange(out, 12, n)).containsExactly(9, 8, 7);
        assertThat(Rtp.ssrc(in)).as("the publisher's packet, shared by all subscribers, is untouched").isEqualTo(1);
    }

    @Test
    void lossWithinALayerStaysAGapSoNacksNameRealPackets() {
        forward(Rtp.packet(1, 10, 0, 96), 0, true);
        int first = Rtp.seq(out);
        forward(Rtp.packet(1, 13, 3000, 96), 0, false);

        assertThat(Rtp.seq(out)).isEqualTo((first + 3) & 0xFFFF);
        assertThat(stream.sourceOf(first)).isEqualTo(10);
        assertThat(stream.sourceOf((first + 3) & 0xFFFF)).isEqualTo(13);
        assertThat(stream.sourceOf((first + 1) & 0xFFFF)).as("never sent").isEqualTo(-1);
    }

    @Test
    void layerSwitchWaitsForAKeyFrameOnTheNewLayerAndKeepsSequenceAndTimeMoving() {
        forward(Rtp.packet(1, 1000, 90_000, 96), 0, true);
        forward(Rtp.packet(1, 1001, 93_000, 96), 0, false);
        int lastSeq = Rtp.seq(out);
        long lastTs = Rtp.ts(out);

        stream.targetLayer(2);
        assertThat(stream.needsKeyFrame()).isTrue();
        assertThat(forward(Rtp.packet(3, 40_000, 5_000_000, 96), 2, false)).as("not a key frame: held back").isEqualTo(-1);
        assertThat(forward(Rtp.packet(1, 1002, 96_000, 96), 0, false)).as("the old layer goes on meanwhile").isPositive();
        lastSeq = Rtp.seq(out);
        lastTs = Rtp.ts(out);

        assertThat(forward(Rtp.packet(3, 40_001, 5_003_000, 96), 2, true)).isPositive();

        assertThat(stream.currentLayer()).isEqualTo(2);
        assertThat(Rtp.seq(out)).isEqualTo((lastSeq + 1) & 0xFFFF);
        assertThat(Rtp.ts(out)).isGreaterThan(lastTs);
        assertThat(stream.sourceOf(Rtp.seq(out))).isEqualTo((2 << 16) | 40_001);
        assertThat(forward(Rtp.packet(1, 1003, 99_000, 96), 0, true)).as("the old layer is dropped after the switch").isEqualTo(-1);
    }

    @Test
    void nackIsAnsweredWithTheCachedPacketRewrittenAsFirstSent() {
        PacketCache layer0 = new PacketCache(64);
        byte[] in = Rtp.packet(1, 300, 27_000, 96, (byte) 5, (byte) 6);
        layer0.store(300, in, 0, in.length);
        int n = forward(in, 0, true);
        byte[] first = Arrays.copyOf(out, n);

        byte[] again = new byte[1500];
        int m = stream.retransmit(Rtp.seq(first), new PacketCache[] {layer0}, again);

        assertThat(Arrays.copyOf(again, m)).isEqualTo(first);
        assertThat(stream.retransmit((Rtp.seq(first) + 1) & 0xFFFF, new PacketCache[] {layer0}, again))
                .as("never sent").isEqualTo(-1);
        assertThat(stream.retransmit(Rtp.seq(first), new PacketCache[] {new PacketCache(64)}, again))
                .as("no longer cached").isEqualTo(-1);
    }

    @Test
    void sequenceNumbersWrapAround() {
        forward(Rtp.packet(1, 65_535, 0, 96), 0, true);
        int a = Rtp.seq(out);
        forward(Rtp.packet(1, 0, 3000, 96), 0, false);

        assertThat(Rtp.seq(out)).isEqualTo((a + 1) & 0xFFFF);
    }

    @Test
    void malformedPacketsAreCountedAndNotForwarded() {
        byte[] bad = {(byte) 0x40, 96, 0, 1};

        assertThat(stream.forward(bad, 0, bad.length, 0, true, now, out)).isEqualTo(-1);
        byte[] badExtension = Rtp.packet(1, 1, 0, 96, (byte) 0xBE, (byte) 0xDE, (byte) 0, (byte) 9);
        badExtension[0] = (byte) 0x90; // X bit, extension claims 9 words that are not there
        assertThat(stream.forward(badExtension, 0, badExtension.length, 0, true, now, out)).isEqualTo(-1);
        assertThat(stream.malformed()).isEqualTo(2);
        assertThat(stream.forwarded()).isZero();
    }
}

package dev.salle.bridge.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedTrackTest {

    private static final long MS = 1_000_000L;
    private static final byte[] VP8_KEY = {0x10, 0x00, 0x01};
    private static final byte[] VP8_DELTA = {0x10, 0x01, 0x01};

    private final PublishedTrack track = new PublishedTrack("TR_cam", VideoCodec.VP8, 90_000,
            new long[] {100, 200, 300}, Duration.ofMillis(500));
    private final List<byte[]> toBob = new ArrayList<>();
    private final List<byte[]> toCarol = new ArrayList<>();

    @Test
    void eachSubscriberGetsThePublishersPacketsUnderItsOwnSsrc() {
        track.subscribe("bob", 0xB0B, 0, (p, n) -> toBob.add(java.util.Arrays.copyOf(p, n)));
        track.subscribe("carol", 0xCA201, 0, (p, n) -> toCarol.add(java.util.Arrays.copyOf(p, n)));

        track.onRtp(Rtp.packet(100, 1, 0, 96, VP8_KEY), 0);
        track.onRtp(Rtp.packet(100, 2, 3000, 96, VP8_DELTA), 33 * MS);
        track.onRtp(Rtp.packet(200, 50, 0, 96, VP8_KEY), 33 * MS);

        assertThat(toBob).hasSize(2).allSatisfy(p -> assertThat(Rtp.ssrc(p)).isEqualTo(0xB0B));
        assertThat(toCarol).hasSize(2).allSatisfy(p -> assertThat(Rtp.ssrc(p)).isEqualTo(0xCA201));
        assertThat(track.stats(0).received()).isEqualTo(2);
        assertThat(track.stats(1).received()).isEqualTo(1);
    }

    @Test
    void aSubscribersSenderReportCarriesThePublishersNtpTimeInItsOwnTimestampSpace() {
        track.subscribe("bob", 0xB0B, 0, (p, n) -> toBob.add(java.util.Arrays.copyOf(p, n)));
        assertThat(track.senderReport("bob")).as("nothing forwarded yet").isNull();
        track.onRtp(Rtp.packet(100, 1, 90_000, 96, VP8_KEY), 0);
        track.onRtp(Rtp.packet(100, 2, 93_000, 96, VP8_DELTA), 33 * MS);
        assertThat(track.senderReport("bob")).as("no sender report from the publisher yet").isNull();

        track.stats(0).senderReport(0x1122_3344_5566_7788L, 91_500, 40 * MS);

        dev.salle.rtc.rtcp.SenderReport sr = track.senderReport("bob");
        long offset = (Rtp.ts(toBob.get(0)) - 90_000) & 0xFFFFFFFFL;
        assertThat(sr.senderSsrc()).isEqualTo(0xB0B);
        assertThat(sr.ntpTimestamp()).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(sr.rtpTimestamp()).isEqualTo((91_500 + offset) & 0xFFFFFFFFL);
        assertThat(sr.packetCount()).isEqualTo(2);
        assertThat(sr.octetCount()).isEqualTo(VP8_KEY.length + VP8_DELTA.length);
        assertThat(track.senderReport("carol")).as("not a subscriber").isNull();
    }

    @Test
    void lateSubscriberWaitsForAKeyFrameAndThePublisherIsAskedForOneAtMostEveryInterval() {
        track.onRtp(Rtp.packet(100, 1, 0, 96, VP8_KEY), 0);
        track.subscribe("bob", 0xB0B, 0, (p, n) -> toBob.add(java.util.Arrays.copyOf(p, n)));

        track.onRtp(Rtp.packet(100, 2, 3000, 96, VP8_DELTA), 33 * MS);
        assertThat(toBob).isEmpty();
        assertThat(track.keyFrameRequest(40 * MS)).isEqualTo(100);
        assertThat(track.keyFrameRequest(100 * MS)).as("within 500 ms of the last PLI").isEqualTo(-1);

        track.onRtp(Rtp.packet(100, 3, 6000, 96, VP8_KEY), 600 * MS);
        assertThat(toBob).hasSize(1);
        assertThat(track.keyFrameRequest(700 * MS)).as("nobody waits any more").isEqualTo(-1);
    }

    @Test
    void higherLayerIsRequestedFromItsOwnSsrc() {
        track.subscribe("bob", 0xB0B, 0, (p, n) -> toBob.add(java.util.Arrays.copyOf(p, n)));
        track.onRtp(Rtp.packet(100, 1, 0, 96, VP8_KEY), 0);

        track.targetLayer("bob", 2);

        assertThat(track.keyFrameRequest(600 * MS)).isEqualTo(300);
    }

    @Test
    void nackIsAnsweredFromTheCache() {
        track.subscribe("bob", 0xB0B, 0, (p, n) -> toBob.add(java.util.Arrays.copyOf(p, n)));
        track.onRtp(Rtp.packet(100, 10, 0, 96, VP8_KEY), 0);
        byte[] first = toBob.get(0);

        assertThat(track.onNack("bob", Rtp.seq(first))).isTrue();

        assertThat(toBob).hasSize(2);
        assertThat(toBob.get(1)).isEqualTo(first);
        assertThat(track.onNack("nobody", Rtp.seq(first))).isFalse();
    }

    @Test
    void unknownSsrcAndGarbageAreDroppedAndCounted() {
        track.subscribe("bob", 0xB0B, 0, (p, n) -> toBob.add(java.util.Arrays.copyOf(p, n)));

        track.onRtp(Rtp.packet(999, 1, 0, 96, VP8_KEY), 0);
        track.onRtp(new byte[] {1, 2, 3}, 0);

        assertThat(toBob).isEmpty();
        assertThat(track.unknownSsrcDrops()).isEqualTo(1);
        assertThat(track.malformedDrops()).isEqualTo(1);
    }

    @Test
    void unsubscribedGetsNothingMore() {
        track.subscribe("bob", 0xB0B, 0, (p, n) -> toBob.add(java.util.Arrays.copyOf(p, n)));
        track.onRtp(Rtp.packet(100, 1, 0, 96, VP8_KEY), 0);
        track.unsubscribe("bob");

        track.onRtp(Rtp.packet(100, 2, 3000, 96, VP8_DELTA), 33 * MS);

        assertThat(toBob).hasSize(1);
        assertThat(track.subscriberCount()).isZero();
    }
}

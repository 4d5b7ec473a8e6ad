package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The call-quality rating and the remote streams' loss from their sequence numbers. */
class CallQualityTest {

    private static CallQuality q(long rtt, double sendLoss, double jitter, double receiveLoss) {
        return new CallQuality(OptionalLong.of(rtt), OptionalDouble.of(sendLoss), OptionalDouble.of(jitter),
                OptionalDouble.of(receiveLoss));
    }

    @Test
    void theRatingIsTheWorstOfLossRoundTripAndJitter() {
        assertThat(q(20, 0, 3, 0.5).rating()).isEqualTo("good");
        assertThat(q(250, 0, 3, 0).rating()).isEqualTo("fair");
        assertThat(q(20, 2, 3, 0).rating()).isEqualTo("fair");
        assertThat(q(20, 0, 30, 0).rating()).isEqualTo("fair");
        assertThat(q(20, 0, 3, 10).rating()).isEqualTo("poor");
        assertThat(q(500, 0, 3, 0).rating()).isEqualTo("poor");
        assertThat(q(20, 0, 50, 0).rating()).isEqualTo("poor");
    }

    @Test
    void unknownFiguresAreLeftOutAndNoFigureAtAllIsUnknown() {
        CallQuality none = new CallQuality(OptionalLong.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty());
        CallQuality rttOnly = new CallQuality(OptionalLong.of(0), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty());

        assertThat(none.toMap()).isEqualTo(Map.of("rating", "unknown"));
        assertThat(rttOnly.toMap()).isEqualTo(Map.of("rating", "good", "rttMs", 0L));
        assertThat(q(12, 1.23456, 4.449, 0.05).toMap()).containsEntry("sendLossPercent", 1.2).containsEntry("sendJitterMs", 4.4)
                .containsEntry("receiveLossPercent", 0.1);
    }

    @Test
    void receiveLossCountsGapsAcrossAWrapAndNeverGoesBelowZero() {
        ReceiveLoss video = new ReceiveLoss();
        ReceiveLoss audio = new ReceiveLoss();
        for (int seq = 65_530; seq < 65_530 + 100; seq++) {
            if (seq % 10 != 5) { // one in ten lost, across the 16-bit wrap
                video.packet(rtp(seq & 0xFFFF));
            }
        }
        for (int i = 0; i < 50; i++) {
            audio.packet(rtp(7));
            audio.packet(rtp(7)); // duplicates (a retransmission): more received than expected
        }
        audio.packet(new byte[5]); // not RTP: ignored

        assertThat(video.expected()).isEqualTo(100);
        assertThat(video.received()).isEqualTo(90);
        assertThat(ReceiveLoss.percent(List.of(video))).isEqualTo(10.0);
        assertThat(ReceiveLoss.percent(List.of(audio))).isZero();
        assertThat(ReceiveLoss.percent(List.of(video, audio))).isEqualTo(100.0 * 10 / 101);
        assertThat(ReceiveLoss.percent(List.of(new ReceiveLoss()))).isZero();
    }

    private static byte[] rtp(int seq) {
        byte[] p = new byte[20];
        p[0] = (byte) 0x80;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        return p;
    }
}

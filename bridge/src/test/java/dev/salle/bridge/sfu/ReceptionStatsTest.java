package dev.salle.bridge.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.rtcp.ReceiverReport;
import dev.salle.rtc.rtcp.ReportBlock;
import dev.salle.rtc.rtcp.RtcpMessage;
import dev.salle.rtc.rtcp.RtcpParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceptionStatsTest {

    private static final long MS = 1_000_000L;
    private final ReceptionStats stats = new ReceptionStats(0x1234, 90_000);

    @Test
    void steadyStreamHasNoLossAndNoJitter() {
        for (int i = 0; i < 100; i++) {
            stats.packet(1000 + i, 3000L * i, 1_000 * MS + 33_333_333L * i);
        }

        ReportBlock block = stats.reportBlock(5_000 * MS);

        assertThat(block.ssrc()).isEqualTo(0x1234);
        assertThat(block.cumulativeLost()).isZero();
        assertThat(block.fractionLost()).isZero();
        assertThat(block.extendedHighestSequence()).isEqualTo(1099);
        assertThat(block.jitter()).isLessThanOrEqualTo(1);
    }

    @Test
    void lossIsCountedCumulativelyAndAsAFractionOfTheLastInterval() {
        for (int i = 0; i < 100; i++) {
            if (i % 4 != 0) {
                stats.packet(i, 3000L * i, 33 * MS * i);
            }
        }
        ReportBlock first = stats.reportBlock(4_000 * MS);
        for (int i = 100; i < 200; i++) {
            stats.packet(i, 3000L * i, 33 * MS * i);
        }
        ReportBlock second = stats.reportBlock(8_000 * MS);

        assertThat(first.cumulativeLost()).isEqualTo(24); // seq 0 is the base, so 24 of the 99 after it
        assertThat(first.fractionLost()).isBetween(60, 64); // ~24 %
        assertThat(second.cumulativeLost()).isEqualTo(24);
        assertThat(second.fractionLost()).isZero();
    }

    @Test
    void sequenceWrapCountsACycle() {
        stats.packet(65_534, 0, 0);
        stats.packet(65_535, 3000, 33 * MS);
        stats.packet(0, 6000, 66 * MS);

        assertThat(stats.reportBlock(100 * MS).extendedHighestSequence()).isEqualTo(65_536);
        assertThat(stats.expected()).isEqualTo(3);
    }

    @Test
    void irregularArrivalShowsAsJitter() {
        for (int i = 0; i < 200; i++) {
            long wobble = (i % 2 == 0 ? 0 : 20) * MS;
            stats.packet(i, 3000L * i, 33_333_333L * i + wobble);
        }

        assertThat(stats.reportBlock(0).jitter()).as("transit alternating by 20 ms: jitter tends to 20 ms = 1800 ticks at 90 kHz").isBetween(1700L, 1800L);
    }

    @Test
    void reportCarriesTheLastSenderReportAndTheDelaySinceIt() throws Exception {
        stats.packet(1, 0, 0);
        stats.senderReport(0xAAAA_BBBB_CCCC_DDDDL, 1_000 * MS);

        ReportBlock block = stats.reportBlock(1_500 * MS);
        byte[] rr = new byte[64];
        int n = new ReceiverReport(42, List.of(block)).writeTo(rr, 0);
        List<RtcpMessage> parsed = RtcpParser.parse(rr, 0, n);

        assertThat(block.lastSenderReport()).isEqualTo(0xBBBB_CCCCL);
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(32_768); // 0.5 s in 1/65536 s
        assertThat(parsed).singleElement().isInstanceOf(ReceiverReport.class);
    }
}

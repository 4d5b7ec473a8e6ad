package dev.salle.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadMathsTest {

    @Test
    void percentilesAreTheUpperEdgeOfTheBucketThatHoldsTheRank() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            h.record(250_000); // 0.25 ms
        }
        h.record(5_000_000);
        h.record(2_000_000_000L); // beyond the range: the last bucket

        assertThat(h.percentileNanos(0.5)).isEqualTo(260_000);
        assertThat(h.percentileNanos(0.99)).isEqualTo(5_010_000);
        assertThat(h.percentileNanos(1.0)).isEqualTo(LatencyHistogram.BUCKETS * LatencyHistogram.BUCKET_NANOS);
    }

    @Test
    void mergedHistogramsCountBoth() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10_000);
        b.record(1_000_000);
        b.record(-5); // counts as zero

        a.merge(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentileNanos(0.34)).isEqualTo(20_000);
    }

    @Test
    void emptyHistogramHasNoPercentileAndBadQuantilesAreRefused() {
        assertThat(new LatencyHistogram().percentileNanos(0.5)).isEqualTo(-1);
        assertThatThrownBy(() -> new LatencyHistogram().percentileNanos(0)).hasMessageContaining("q=0.0");
    }

    @Test
    void cpuTicksAreUtimePlusStimeEvenWithSpacesInTheCommandName() {
        String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 0 0 20 0 30 0 100 0 0";

        assertThat(BridgeProbe.cpuTicks(stat)).isEqualTo(1750);
    }

    @Test
    void prometheusCountersWithoutLabelsAreRead() {
        Map<String, Double> c = BridgeProbe.counters("""
                # HELP salle_bridge_rtp_packets_out_total RTP packets forwarded.
                # TYPE salle_bridge_rtp_packets_out_total counter
                salle_bridge_rtp_packets_out_total 12345
                salle_bridge_media_dropped_total{reason="rtp_malformed"} 3
                """);

        assertThat(c).containsExactly(Map.entry("salle_bridge_rtp_packets_out_total", 12345.0));
    }

    @Test
    void reportNormalisesByTheBridgesCpuSeconds() {
        LoadReport r = new LoadReport(2, 4, 10, 2.5, 1, 2_800, 2_800, 11_200, 14_000_000, 11_200, 400_000, 2_000_000);

        assertThat(r.packetsOutPerSecond()).isEqualTo(1_120);
        assertThat(r.packetsPerCpuSecond()).isEqualTo(4_480);
        assertThat(r.megabitsPerCpuSecond()).isEqualTo(44.8);
        assertThat(r.bridgeCores()).isEqualTo(0.25);
        assertThat(r.delivered()).isEqualTo(1.0);
        assertThat(r.tableRow()).startsWith("| 2×4 | 16 | 280 | 280 | 1120 | 11.2 | 25 % | 4480 | 44.8 | 0.40 / 2.00 ms |");
    }

    @Test
    void pacerSkipsAStallInsteadOfBursting() {
        assertThat(MediaPacer.next(1_000, 20, 1_005)).isEqualTo(1_020);
        assertThat(MediaPacer.next(1_000, 20, 5_000)).isEqualTo(5_020);
    }
}

package dev.salle.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {

    private final MetricsRegistry registry = new MetricsRegistry();

    @Test
    void writesCountersAndGaugesInPrometheusTextFormat() {
        AtomicLong rooms = new AtomicLong(3);
        registry.gauge("x_rooms", "Rooms.", rooms::get);
        LabeledCounter c = registry.counter("x_requests_total", "Requests.", "path", "code");
        c.increment("/a", "200");
        c.increment("/a", "200");
        c.increment("/b", "404");
        rooms.set(4);

        assertThat(registry.writePrometheusText()).isEqualTo("""
                # HELP x_rooms Rooms.
                # TYPE x_rooms gauge
                x_rooms 4
                # HELP x_requests_total Requests.
                # TYPE x_requests_total counter
                x_requests_total{path="/a",code="200"} 2
                x_requests_total{path="/b",code="404"} 1
                """);
        assertThat(c.count("/a", "200")).isEqualTo(2);
        assertThat(c.count("/c", "200")).isZero();
    }

    @Test
    void escapesLabelValues() {
        registry.counter("x_total", "X.", "v").increment("a\"b\\c\nd");
        assertThat(registry.writePrometheusText()).contains("x_total{v=\"a\\\"b\\\\c\\nd\"} 1");
    }

    @Test
    void refusesDuplicateAndInvalidNamesAndWrongLabelCounts() {
        registry.counter("x_total", "X.");
        assertThatThrownBy(() -> registry.gauge("x_total", "again", () -> 1)).hasMessageContaining("registered twice");
        assertThatThrownBy(() -> registry.counter("bad-name", "X.")).hasMessageContaining("bad-name");
        assertThatThrownBy(() -> registry.counter("y_total", "Y.", "bad-label")).hasMessageContaining("bad-label");
        LabeledCounter c = registry.counter("z_total", "Z.", "a");
        assertThatThrownBy(() -> c.increment("1", "2")).hasMessageContaining("z_total");
    }

    @Test
    void theMediaPlaneCanRegisterMoreSeriesNextToTheBridgesOwn() {
        BridgeMetrics metrics = new BridgeMetrics(registry, () -> 2, () -> 5);
        metrics.registry().counter("salle_bridge_rtp_packets_total", "RTP packets.", "direction").increment("in");
        metrics.httpRequest("/metrics", 200);
        String text = registry.writePrometheusText();
        assertThat(text).contains("salle_bridge_rooms 2\n").contains("salle_bridge_participants 5\n")
                .contains("salle_bridge_http_requests_total{path=\"/metrics\",code=\"200\"} 1\n")
                .contains("salle_bridge_rtp_packets_total{direction=\"in\"} 1\n")
                .contains("# TYPE salle_bridge_lobby_requests_total counter");
    }
}

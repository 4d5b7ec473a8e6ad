package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private final BridgeFixture f = new BridgeFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void countsRequestsByRouteTemplateAndStatusInPrometheusText() {
        f.get("/rtc/validate?access_token=garbage");
        f.get("/rtc/validate?access_token=garbage");
        f.get("/rtc/v1");
        f.get("/api/v1.0/rooms/abc-defg-hij/");
        f.get("/api/v1.0/rooms/xyz-abcd-efg/");
        f.get("/no/such/thing");
        f.createRoom("{\"name\":\"n\"}");

        HttpResponse<String> r = f.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body())
                .contains("# TYPE salle_bridge_rooms gauge\nsalle_bridge_rooms 1\n")
                .contains("# TYPE salle_bridge_participants gauge\nsalle_bridge_participants 0\n")
                .contains("salle_bridge_http_requests_total{path=\"/rtc/validate\",code=\"401\"} 2\n")
                .contains("salle_bridge_http_requests_total{path=\"/rtc/v1\",code=\"404\"} 1\n")
                .contains("salle_bridge_http_requests_total{path=\"/api/v1.0/rooms/{id}/\",code=\"200\"} 2\n")
                .contains("salle_bridge_http_requests_total{path=\"/api/v1.0/rooms/\",code=\"201\"} 1\n")
                .contains("salle_bridge_http_requests_total{path=\"other\",code=\"404\"} 1\n")
                .contains("salle_bridge_token_rejections_total{reason=\"malformed\"} 2\n")
                .doesNotContain("abc-defg-hij").doesNotContain("garbage");
    }

    @Test
    void theConfiguredPublicUrlIsWhatRoomsHandOut() throws Exception {
        try (Bridge other = Bridge.start(dev.salle.bridge.config.BridgeConfig.validated("127.0.0.1", 0, 7882, f.keys,
                false, java.util.Optional.of("wss://bridge.example.org"),
                dev.salle.bridge.config.BridgeLimits.defaults()), f.clock, new java.util.SplittableRandom(1))) {
            HttpResponse<String> r = f.http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(other.httpUri() + "/api/v1.0/rooms/abc-defg-hij/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(BridgeFixture.json(r).get("livekit").get("url").asText()).isEqualTo("wss://bridge.example.org");
            assertThat(other.livekitUrl().toString()).isEqualTo("wss://bridge.example.org");
        }
    }
}

package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.config.BridgeLimits;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.testkit.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class SignallingMountTest {

    /** Stands in for the WebSocket upgrade handler: answers 418 and remembers the query. */
    private static final class FakeSignalling extends Handler.Abstract {
        final AtomicReference<String> query = new AtomicReference<>();

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            query.set(request.getHttpURI().getQuery());
            response.setStatus(418);
            response.write(true, ByteBuffer.wrap("fake".getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    @Test
    void aSignallingHandlerMountedAtRtcReceivesTheJoinRequestAndIsCounted() throws Exception {
        FakeSignalling fake = new FakeSignalling();
        BridgeConfig config = BridgeConfig.validated("127.0.0.1", 0, 7882,
                ApiKeys.parse(BridgeFixture.KEY + ": " + BridgeFixture.SECRET), false, Optional.empty(),
                BridgeLimits.defaults());
        try (Bridge bridge = Bridge.start(config, new FakeClock(), new SplittableRandom(3), services -> fake);
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bridge.httpUri()
                    + "/rtc?access_token=t&protocol=17")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(418);
            assertThat(fake.query.get()).isEqualTo("access_token=t&protocol=17");
            // counted when the handler's write completes, which may be just after the client has read it
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(bridge.services().metrics().httpRequests().count("/rtc", "418")).isEqualTo(1));
            HttpResponse<String> validate = http.send(HttpRequest.newBuilder(URI.create(bridge.httpUri()
                    + "/rtc/validate")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(validate.statusCode()).isEqualTo(401);
        }
    }
}

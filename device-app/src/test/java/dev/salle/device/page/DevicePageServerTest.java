package dev.salle.device.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevicePageServerTest {

    private final AtomicInteger presses = new AtomicInteger();
    private final AtomicInteger longPresses = new AtomicInteger();
    private final AtomicReference<byte[]> snapshot = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private DevicePageServer server;

    @BeforeEach
    void start() {
        server = new DevicePageServer("127.0.0.1", 0, new DevicePageModel() {
            @Override
            public Optional<byte[]> screenSnapshotJpeg() {
                return Optional.ofNullable(snapshot.get());
            }

            @Override
            public Map<String, Object> state() {
                return Map.of("call", Map.of("state", "idle"));
            }

            @Override
            public void pressButton() {
                presses.incrementAndGet();
            }

            @Override
            public void longPressButton() {
                longPresses.incrementAndGet();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)));
    }

    @Test
    void servesThePageOnLoopback() throws Exception {
        HttpResponse<byte[]> page = send(at("/"));

        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body())).contains("<button id=\"join\"");
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    }

    @Test
    void stateIsJson() throws Exception {
        HttpResponse<byte[]> state = send(at("/api/state"));

        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(new String(state.body())).isEqualTo("{\"call\":{\"state\":\"idle\"}}");
    }

    @Test
    void snapshotIsUnavailableUntilTheFirstPictureAndThenServedAsJpeg() throws Exception {
        assertThat(send(at("/snapshot.jpg")).statusCode()).isEqualTo(503);

        snapshot.set(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        HttpResponse<byte[]> jpeg = send(at("/snapshot.jpg"));

        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(jpeg.body()).hasSize(4);
    }

    @Test
    void buttonPostPressesTheButton() throws Exception {
        HttpResponse<byte[]> r = send(at("/api/button/press").header("X-Salle-Request", "1").POST(HttpRequest.BodyPublishers.noBody()));
        send(at("/api/button/long-press").header("X-Salle-Request", "1").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(presses).hasValue(1);
        assertThat(longPresses).hasValue(1);
    }

    @Test
    void buttonPostWithoutTheRequestHeaderIsRefusedAndPressesNothing() throws Exception {
        HttpResponse<byte[]> r = send(at("/api/button/press").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body())).contains("X-Salle-Request");
        assertThat(presses).hasValue(0);
    }

    @Test
    void getOnAButtonIsNotAllowed() throws Exception {
        HttpResponse<byte[]> r = send(at("/api/button/press"));

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(presses).hasValue(0);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(send(at("/../../etc/passwd")).statusCode()).isIn(400, 404);
        assertThat(send(at("/nope")).statusCode()).isEqualTo(404);
    }
}

package dev.salle.device.page;

import static dev.salle.device.page.PageClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.call.CallState;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The page, the snapshot and the button on a real Jetty on loopback, without a PIN. */
class DevicePageServerTest extends LivePageTest {

    @Test
    void servesThePageOnLoopback() throws Exception {
        HttpResponse<String> page = client.send(client.at("/"));

        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<button id=\"join\"").contains("/api/join").contains("sessionStorage");
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    }

    @Test
    void stateIsJsonWithTheCallAndTheControlApi() throws Exception {
        model.inCall();

        HttpResponse<String> state = client.send(client.at("/api/state"));

        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.headers().firstValue("Content-Type")).hasValue("application/json");
        var call = json(state).get("call");
        assertThat(call.get("state").asText()).isEqualTo("in_call");
        assertThat(call.get("muted").asBoolean()).isFalse();
        assertThat(call.get("meeting").asText()).isEqualTo(FakeDevicePageModel.ROOM_MEETING);
        assertThat(call.get("message").asText()).isEmpty();
        assertThat(call.get("since").asText()).isEqualTo("2026-01-01T09:00:00Z");
        assertThat(json(state).get("controlApi").get("pinRequired").asBoolean()).isFalse();
    }

    @Test
    void snapshotIsUnavailableUntilTheFirstPictureAndThenServedAsJpeg() throws Exception {
        assertThat(client.send(client.at("/snapshot.jpg")).statusCode()).isEqualTo(503);

        model.snapshot.set(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        HttpResponse<String> jpeg = client.send(client.at("/snapshot.jpg"));

        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(jpeg.body().getBytes(StandardCharsets.ISO_8859_1)).hasSize(4);
    }

    @Test
    void buttonPostPressesTheButton() throws Exception {
        HttpResponse<String> r = client.send(client.post("/api/button/press", null));
        client.send(client.post("/api/button/long-press", null));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("ok").asBoolean()).isTrue();
        assertThat(model.presses).hasValue(1);
        assertThat(model.longPresses).hasValue(1);
    }

    @Test
    void postWithoutTheRequestHeaderIsRefusedAndChangesNothing() throws Exception {
        for (String path : new String[] {"/api/button/press", "/api/join", "/api/leave", "/api/mute"}) {
            HttpResponse<String> r = client.send(client.at(path).POST(HttpRequest.BodyPublishers.noBody()));

            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(json(r).get("error").asText()).as(path).contains("X-Salle-Request: 1");
        }
        assertThat(model.presses).hasValue(0);
        assertThat(model.call.snapshot().state()).isEqualTo(CallState.IDLE);
        assertThat(model.connection.sessions).isEmpty();
    }

    @Test
    void getOnAPostEndpointIsNotAllowed() throws Exception {
        HttpResponse<String> r = client.send(client.at("/api/button/press"));
        HttpResponse<String> join = client.send(client.at("/api/join"));

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(join.statusCode()).isEqualTo(405);
        assertThat(model.presses).hasValue(0);
        assertThat(model.connection.sessions).isEmpty();
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(client.send(client.at("/../../etc/passwd")).statusCode()).isIn(400, 404);
        assertThat(client.send(client.at("/nope")).statusCode()).isEqualTo(404);
        HttpResponse<String> api = client.send(client.at("/api/nope"));
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(json(api).get("error").asText()).contains("/api/nope");
    }
}

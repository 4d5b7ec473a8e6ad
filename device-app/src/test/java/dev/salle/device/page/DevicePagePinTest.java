package dev.salle.device.page;

import static dev.salle.device.page.PageClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.call.CallState;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The controller PIN: who gets in, and how guessing is slowed down (on a fake clock). */
class DevicePagePinTest extends LivePageTest {

    private static final String PIN = "k7-Qz93x";

    @Override
    protected void configure(FakeDevicePageModel pageModel) {
        pageModel.pin = ControlPin.of(PIN);
    }

    private HttpResponse<String> join(String authorization) throws Exception {
        var request = client.post("/api/join", null);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request);
    }

    @Test
    void missingPinIsUnauthorizedAndChangesNothing() throws Exception {
        HttpResponse<String> r = join(null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(r).get("error").asText()).contains("needs its PIN").contains("Authorization: Bearer <PIN>");
        assertThat(model.call.snapshot().state()).isEqualTo(CallState.IDLE);
        assertThat(model.connection.sessions).isEmpty();
    }

    @Test
    void wrongPinIsUnauthorizedAndCounted() throws Exception {
        HttpResponse<String> r = join("Bearer 000000");
        HttpResponse<String> basic = join("Basic " + PIN);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer")
                .contains("invalid_token"));
        assertThat(json(r).get("error").asText()).startsWith("wrong PIN");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(model.connection.sessions).isEmpty();

        HttpResponse<String> state = client.send(client.at("/api/state").header("Authorization", "Bearer " + PIN));
        assertThat(json(state).get("controlApi").get("pinFailures").asLong()).isEqualTo(2);
        assertThat(json(state).get("controlApi").get("pinRequired").asBoolean()).isTrue();
    }

    @Test
    void rightPinIsLetIn() throws Exception {
        HttpResponse<String> r = join("Bearer " + PIN);
        HttpResponse<String> lowerCaseScheme = client.send(client.post("/api/leave", null).header("Authorization", "bearer " + PIN));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(lowerCaseScheme.statusCode()).isEqualTo(202);
        assertThat(model.connection.sessions).hasSize(1);
    }

    @Test
    void stateAndSnapshotNeedThePinButThePageItselfDoesNot() throws Exception {
        model.snapshot.set(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});

        assertThat(client.send(client.at("/api/state")).statusCode()).isEqualTo(401);
        assertThat(client.send(client.at("/snapshot.jpg")).statusCode()).isEqualTo(401);
        assertThat(client.send(client.at("/snapshot.jpg").header("Authorization", "Bearer " + PIN)).statusCode()).isEqualTo(200);
        HttpResponse<String> page = client.send(client.at("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(PIN);
    }

    @Test
    void pinNeverAppearsInTheState() throws Exception {
        HttpResponse<String> state = client.send(client.at("/api/state").header("Authorization", "Bearer " + PIN));

        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).doesNotContain(PIN);
        assertThat(model.pin.toString()).doesNotContain(PIN);
    }

    @Test
    void tenWrongPinsLockEveryoneOutForSixtySeconds() throws Exception {
        for (int i = 1; i <= 10; i++) {
            model.clock.advance(Duration.ofSeconds(1));
            assertThat(join("Bearer guess-" + i).statusCode()).as("wrong PIN %d", i).isEqualTo(401);
        }

        HttpResponse<String> eleventh = join("Bearer guess-11");
        assertThat(eleventh.statusCode()).isEqualTo(429);
        assertThat(eleventh.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(json(eleventh).get("error").asText()).contains("too many wrong PINs");

        model.clock.advance(Duration.ofSeconds(59));
        HttpResponse<String> rightButLocked = join("Bearer " + PIN);
        assertThat(rightButLocked.statusCode()).isEqualTo(429);
        assertThat(rightButLocked.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(join(null).statusCode()).isEqualTo(429);
        assertThat(model.connection.sessions).isEmpty();

        model.clock.advance(Duration.ofSeconds(2));
        assertThat(join("Bearer " + PIN).statusCode()).isEqualTo(202);
        assertThat(model.call.snapshot().state()).isEqualTo(CallState.JOINING);
    }

    @Test
    void wrongPinsSpreadOverMoreThanAMinuteDoNotLockOut() throws Exception {
        for (int i = 1; i <= 12; i++) {
            model.clock.advance(Duration.ofSeconds(7));
            assertThat(join("Bearer guess-" + i).statusCode()).as("wrong PIN %d", i).isEqualTo(401);
        }

        assertThat(join("Bearer " + PIN).statusCode()).isEqualTo(202);
    }

    @Test
    void missingPinsAreNotCountedAsGuesses() throws Exception {
        for (int i = 0; i < 15; i++) {
            assertThat(join(null).statusCode()).isEqualTo(401);
        }

        assertThat(join("Bearer " + PIN).statusCode()).isEqualTo(202);
    }
}

package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.MEDIA;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static dev.salle.e2e.MeetingE2e.media;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.InteropRig;
import dev.salle.testkit.NetworkNamespace;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated device where only a TURN server gets through ({@link TurnCall}): UDP from the
 * device's media ports to the bridge's media port, and TCP to its ICE-TCP port, is blackholed,
 * while a real coturn relays to them. With {@code --turn-url} the bridge hands every client the
 * TURN server; the device allocates on it (from other ports), its call runs through the relay, and
 * a browser in the room (on its own ports, so direct) decodes its video. Without TURN the same
 * network gives the device no media, and it says so.
 */
class DeviceTurnTest {

    private static final String SLUG = "tur-only-ice";
    private TurnCall call;

    private void start(boolean offerTurn) {
        call = TurnCall.start("Salle Moulin", Optional.empty(), coturn -> offerTurn
                ? Optional.of("turn:" + NetworkNamespace.HOST_ADDRESS + ":" + TurnCall.TURN_PORT + "?transport=udp")
                : Optional.empty(), Map.of());
    }

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
    }

    @Test
    void whereOnlyTheTurnServerGetsThroughTheCallRunsThroughTheRelay() throws Exception {
        start(true);
        InteropRig.Peer alice = call.browserAndDeviceJoin(SLUG);
        call.awaitDeviceDecodingOver("turn-udp");

        assertThat(call.deviceOutput()).as("device output:\n%s", call.device.output())
                .contains("publisher media path: relayed through TURN");
        assertThat(call.coturn.log()).as("the device allocated on coturn with the bridge's credentials")
                .contains("ALLOCATE processed, success");
        alice.close();
    }

    @Test
    void withoutTurnTheSameNetworkGivesNoMediaAndTheDeviceSaysWhy() throws Exception {
        start(false);

        assertThat(call.device.control().join(Optional.of(call.bridge.url("/" + SLUG))).accepted()).isTrue();

        JsonNode failed = awaitState(call.device, "the call failing for want of a media path", MEDIA,
                s -> s.path("call").path("message").asText().contains("could not get through this network"));
        assertThat(failed.path("call").path("message").asText()).contains("TURN server");
        assertThat(media(failed).path("remoteVideoFrames").asLong()).isZero();
    }
}

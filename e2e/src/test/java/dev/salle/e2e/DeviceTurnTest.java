package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.CALL_CHANGE;
import static dev.salle.e2e.MeetingE2e.MEDIA;
import static dev.salle.e2e.MeetingE2e.awaitCall;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static dev.salle.e2e.MeetingE2e.media;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.BridgeProcess;
import dev.salle.bridge.InteropRig;
import dev.salle.testkit.CoturnProcess;
import dev.salle.testkit.NetworkNamespace;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated device where only a TURN server gets through: UDP from the device's media ports
 * ({@code call.media-ports} 20000-20009) to the bridge's media port 7882, and TCP to its ICE-TCP
 * port 7881, is blackholed ({@link NetworkNamespace#blockUdpFromPorts}), while a real coturn
 * relays to them. With {@code --turn-url} the bridge hands every client the TURN server; the
 * device allocates on it (from other ports), its call runs through the relay, and a browser in the
 * room (on its own ports, so direct) decodes its video. Without TURN the same network gives the
 * device no media, and it says so.
 */
class DeviceTurnTest {

    private static final String SLUG = "tur-only-ice";
    private static final String TURN_SECRET = "e2e-coturn-shared-secret";
    private static final int TURN_PORT = 3478;
    private NetworkNamespace ns;
    private CoturnProcess coturn;
    private BridgeProcess bridge;
    private InteropRig rig;
    private DeviceProcess device;
    private NetworkNamespace.Block block;
    private final List<String> deviceLines = new CopyOnWriteArrayList<>();

    private void start(boolean offerTurn) {
        MeetingE2e.requireBrowsers();
        ns = NetworkNamespace.create();
        try {
            coturn = CoturnProcess.startIn(ns, NetworkNamespace.HOST_ADDRESS, TURN_PORT,
                    CoturnProcess.Auth.secret(TURN_SECRET), List.of());
            String turnUrl = "turn:" + NetworkNamespace.HOST_ADDRESS + ":" + TURN_PORT + "?transport=udp";
            bridge = offerTurn ? BridgeProcess.start(ns, "--turn-url", turnUrl, "--turn-secret", TURN_SECRET)
                    : BridgeProcess.start(ns);
            rig = new InteropRig(ns, bridge);
            // the device's media ports cannot reach the bridge's; its TURN sockets, coturn and browsers can
            block = ns.blockUdpFromPorts(20000, 20009, 7882, 7881);
            device = DeviceProcess.in(ns).room("Salle Moulin").set("call.media-ports", "20000-20009").start();
            device.onOutput(deviceLines::add);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    @AfterEach
    void stop() {
        try {
            if (device != null) {
                device.close();
            }
        } finally {
            try {
                if (block != null) {
                    block.close();
                }
                if (coturn != null) {
                    coturn.close();
                }
            } finally {
                if (rig != null) {
                    rig.close();
                } else if (ns != null) {
                    ns.close();
                }
            }
        }
    }

    @Test
    void whereOnlyTheTurnServerGetsThroughTheCallRunsThroughTheRelay() throws Exception {
        start(true);
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(SLUG, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);

        alice.await("the device's video at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > 60);
        JsonNode state = awaitState(device, "Alice's video decoded by the device", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > 30);
        assertThat(state.path("meeting").path("quality").path("mediaPath").asText())
                .as("the media path the fleet and the device page see").isEqualTo("turn-udp");

        assertThat(String.join("\n", deviceLines)).as("device output:\n%s", device.output())
                .contains("publisher media path: relayed through TURN");
        assertThat(coturn.log()).as("the device allocated on coturn with the bridge's credentials")
                .contains("ALLOCATE processed, success");
        alice.close();
    }

    @Test
    void withoutTurnTheSameNetworkGivesNoMediaAndTheDeviceSaysWhy() throws Exception {
        start(false);

        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();

        JsonNode failed = awaitState(device, "the call failing for want of a media path", MEDIA,
                s -> s.path("call").path("message").asText().contains("could not get through this network"));
        assertThat(failed.path("call").path("message").asText()).contains("TURN server");
        assertThat(media(failed).path("remoteVideoFrames").asLong()).isZero();
    }
}

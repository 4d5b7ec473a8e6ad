package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.CALL_CHANGE;
import static dev.salle.e2e.MeetingE2e.awaitCall;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.BridgeProcess;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.testkit.NetworkNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The device rides out a restart of the bridge: the signalling connection closes (after the
 * bridge's Leave with reason SERVER_SHUTDOWN), the screen says "Reconnecting…", and the device is
 * back in the call with a new bridge on the same address within 10 s of it being up again,
 * without anyone pressing anything.
 */
class DeviceReconnectTest {

    private NetworkNamespace ns;
    private BridgeProcess bridge;
    private DeviceProcess device;

    @BeforeEach
    void start() {
        ns = NetworkNamespace.create();
        bridge = BridgeProcess.start(ns);
        device = DeviceProcess.in(ns).room("Salle Jaurès").start();
    }

    @AfterEach
    void stop() {
        MeetingE2e.stopAll(device, bridge, ns);
    }

    @Test
    void afterABridgeRestartTheDeviceIsBackInTheCallByItself() {
        assertThat(device.control().join(Optional.of(bridge.url("/rec-onne-cts"))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);
        int port = bridge.httpUri().getPort();

        bridge.close();
        awaitState(device, "Reconnecting… on screen", CALL_CHANGE,
                s -> s.path("call").path("message").asText().equals("Reconnecting…"));
        bridge = BridgeProcess.startWith(ns, List.of("--keys", ApiKeys.DEV_KEY + ": " + ApiKeys.DEV_SECRET,
                "--bind", NetworkNamespace.PEER_ADDRESS, "--port", String.valueOf(port)));

        JsonNode back = awaitState(device, "back in the call", Duration.ofSeconds(10),
                s -> s.path("call").path("state").asText().equals("in_call") && s.path("call").path("message").asText().isEmpty());
        assertThat(back.path("call").path("cause").asText()).isEqualTo("reconnected");
        assertThat(bridge.httpGet("/metrics")).contains("salle_bridge_signal_responses_total{type=\"join\"} 1");
        assertThat(device.output()).contains("call event reconnected");
    }
}

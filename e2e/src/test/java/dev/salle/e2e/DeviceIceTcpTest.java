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
import dev.salle.testkit.NetworkNamespace;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated device on a network that lets no UDP through ({@link NetworkNamespace#blockUdp}):
 * it reaches the bridge's passive ICE-TCP port (RFC 6544) as the active side and the call works
 * both ways with a browser in the room; with the bridge's TCP port off it cannot get media at all
 * and says so.
 */
class DeviceIceTcpTest {

    private static final String SLUG = "tcp-only-ice";
    private NetworkNamespace ns;
    private BridgeProcess bridge;
    private InteropRig rig;
    private DeviceProcess device;

    private void start(String... bridgeArgs) {
        MeetingE2e.requireBrowsers();
        ns = NetworkNamespace.create();
        try {
            bridge = BridgeProcess.start(ns, bridgeArgs);
            rig = new InteropRig(ns, bridge);
            rig.blockUdp(); // for the whole test: the namespace goes with the rig
            device = DeviceProcess.in(ns).room("Salle Jaurès").start();
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
            if (rig != null) {
                rig.close();
            } else if (ns != null) {
                ns.close();
            }
        }
    }

    @Test
    void withUdpBlockedTheDeviceAndABrowserSeeEachOtherOverIceTcp() throws Exception {
        start();
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(SLUG, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);

        JsonNode atAlice = alice.await("the device's video at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > 60);
        awaitState(device, "Alice's video decoded by the device", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > 30);

        assertThat(atAlice.path("paths").path("subscriber").path("protocol").asText()).isEqualTo("tcp");
        String metrics = bridge.httpGet("/metrics");
        assertThat(metrics).as("no UDP reached the bridge").contains("salle_bridge_udp_datagrams_total 0")
                .doesNotContain("salle_bridge_ice_tcp_frames_total 0");
        alice.close();
    }

    @Test
    void withUdpBlockedAndTheBridgesTcpPortOffTheDeviceGetsNoMediaAndSaysWhy() throws Exception {
        start("--tcp-port", "off");

        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();

        JsonNode failed = awaitState(device, "the call failing for want of a media path", MEDIA,
                s -> s.path("call").path("message").asText().contains("ICE"));
        assertThat(failed.path("call").path("message").asText()).contains("UDP");
        assertThat(media(failed).path("remoteVideoFrames").asLong()).isZero();
    }
}

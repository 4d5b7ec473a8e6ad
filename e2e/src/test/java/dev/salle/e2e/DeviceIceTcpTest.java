package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.MEDIA;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static dev.salle.e2e.MeetingE2e.media;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
    private RoomCall call;
    private DeviceProcess device;

    /** The bridge (with these extra options) and the device, on a network that lets no UDP through. */
    private void start(String... bridgeArgs) {
        call = RoomCall.start(bridgeArgs);
        call.rig.blockUdp(); // for the whole test: the namespace goes with the rig
        device = call.startDevice("Salle Jaurès");
    }

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
    }

    @Test
    void withUdpBlockedTheDeviceAndABrowserSeeEachOtherOverIceTcp() throws Exception {
        start();
        RoomCall.Joined joined = call.browserAndDeviceJoin(SLUG);

        assertThat(joined.atBrowser().path("paths").path("subscriber").path("protocol").asText()).isEqualTo("tcp");
        assertThat(joined.atDevice().path("meeting").path("quality").path("mediaPath").asText())
                .as("the media path the fleet and the device page see").isEqualTo("tcp");
        String metrics = call.bridge.httpGet("/metrics");
        assertThat(metrics).as("no UDP reached the bridge").contains("salle_bridge_udp_datagrams_total 0")
                .doesNotContain("salle_bridge_ice_tcp_frames_total 0");
        joined.browser().close();
    }

    @Test
    void withUdpBlockedAndTheBridgesTcpPortOffTheDeviceGetsNoMediaAndSaysWhy() throws Exception {
        start("--tcp-port", "off");

        assertThat(device.control().join(Optional.of(call.bridge.url("/" + SLUG))).accepted()).isTrue();

        JsonNode failed = awaitState(device, "the call failing for want of a media path", MEDIA,
                s -> s.path("call").path("message").asText().contains("could not get through this network"));
        assertThat(failed.path("call").path("message").asText()).contains("UDP");
        assertThat(media(failed).path("remoteVideoFrames").asLong()).isZero();
    }
}

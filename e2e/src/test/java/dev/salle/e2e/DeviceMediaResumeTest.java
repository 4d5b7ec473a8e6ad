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
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The device notices a media path that died while its signalling lives (UDP blocked in the
 * namespace, as a NAT or firewall dropping the flow does, TCP untouched) and resumes its session
 * with the same participant sid, the browser in the room never seeing it leave. With the bridge's
 * ICE-TCP port the resume's ICE restart finds TCP while UDP is still blocked, and the call goes on;
 * without it the restart waits for UDP to come back.
 */
class DeviceMediaResumeTest {

    private static final String SLUG = "med-iare-sum";
    /** The device acts after 6 s of silence (MeetingSession.MEDIA_SILENCE); the block lasts until it has. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(20);
    private NetworkNamespace ns;
    private BridgeProcess bridge;
    private InteropRig rig;
    private DeviceProcess device;

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
    void whenUdpIsBlockedUnderLiveSignallingTheDeviceResumesOntoTheBridgesTcpPortAndTheCallGoesOn() throws Exception {
        MeetingE2e.requireBrowsers();
        ns = NetworkNamespace.create();
        bridge = BridgeProcess.start(ns);
        rig = new InteropRig(ns, bridge);
        device = DeviceProcess.in(ns).room("Salle Zola").start();
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(SLUG, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);
        awaitState(device, "Alice's video decoded", MEDIA, s -> media(s).path("remoteVideoFrames").asLong() > 30);
        String sid = device.control().state().path("meeting").path("participantSid").asText();
        long tcpFramesBefore = tcpFrames(rig.metrics());

        NetworkNamespace.Block block = ns.blockUdp();
        try {
            JsonNode resumed = awaitState(device, "the session resumed while UDP is still blocked", NOTICED_WITHIN,
                    s -> s.path("meeting").path("resumes").asInt() >= 1
                            && s.path("call").path("state").asText().equals("in_call")
                            && s.path("call").path("message").asText().isEmpty());
            assertThat(resumed.path("meeting").path("participantSid").asText()).isEqualTo(sid);
            assertThat(device.output()).contains("media path lost", "call event resumed");
            long framesAtDevice = media(resumed).path("remoteVideoFrames").asLong();
            awaitState(device, "Alice's video decoded by the device with UDP still blocked", MEDIA,
                    s -> media(s).path("remoteVideoFrames").asLong() > framesAtDevice + 30);
            assertThat(tcpFrames(rig.metrics())).as("frames on the bridge's ICE-TCP port during the block: media, not checks")
                    .isGreaterThan(tcpFramesBefore + 300);
        } finally {
            block.close();
        }
        assertThat(alice.status().path("events").toString()).as("Alice never saw the device leave")
                .doesNotContain("participantDisconnected");
        alice.close();
    }

    @Test
    void withoutTheBridgesTcpPortTheDeviceResumesOnceUdpIsBackAndMediaFlowsAgainBothWays() throws Exception {
        MeetingE2e.requireBrowsers();
        ns = NetworkNamespace.create();
        bridge = BridgeProcess.start(ns, "--tcp-port", "off");
        rig = new InteropRig(ns, bridge);
        device = DeviceProcess.in(ns).room("Salle Zola").start();
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(SLUG, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);
        JsonNode seen = alice.await("the device's video at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > 60);
        JsonNode before = awaitState(device, "Alice's video decoded", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > 30);
        String sid = before.path("meeting").path("participantSid").asText();
        assertThat(sid).as(before.toString()).startsWith("PA_");
        assertThat(MeetingE2e.remoteExcept(seen).path("sid").asText()).isEqualTo(sid);

        NetworkNamespace.Block block = ns.blockUdp();
        try {
            awaitState(device, "the device noticing its silent media path while the signalling lives", NOTICED_WITHIN,
                    s -> s.path("call").path("message").asText().startsWith("Reconnecting"));
        } finally {
            block.close();
        }

        JsonNode resumed = awaitState(device, "the session resumed", Duration.ofSeconds(40),
                s -> s.path("meeting").path("resumes").asInt() >= 1
                        && s.path("call").path("state").asText().equals("in_call")
                        && s.path("call").path("message").asText().isEmpty());
        assertThat(resumed.path("meeting").path("participantSid").asText()).isEqualTo(sid);
        assertThat(device.output()).contains("call event reconnecting", "media path lost", "call event resumed")
                .doesNotContain("call event resume-failed");
        long framesAtAlice = MeetingE2e.remoteExcept(alice.status()).path("video").path("frames").asLong();
        JsonNode after = alice.await("the device's video decoded at Alice again after the resume", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > framesAtAlice + 60);
        assertThat(MeetingE2e.remoteExcept(after).path("sid").asText()).isEqualTo(sid);
        assertThat(after.path("events").toString()).as("Alice never saw the device leave")
                .doesNotContain("participantDisconnected");
        long framesAtDevice = media(device.control().state()).path("remoteVideoFrames").asLong();
        awaitState(device, "Alice's video decoded by the device again", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > framesAtDevice + 30);
        alice.close();
    }

    private static long tcpFrames(String metrics) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^salle_bridge_ice_tcp_frames_total (\\d+)").matcher(metrics);
        assertThat(m.find()).as("the bridge's ICE-TCP frame counter in\n" + metrics).isTrue();
        return Long.parseLong(m.group(1));
    }
}

package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.MEDIA;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static dev.salle.e2e.MeetingE2e.media;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.InteropRig;
import dev.salle.testkit.NetworkNamespace;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** The device acts after 6 s of silence (MeetingSession.MEDIA_SILENCE). */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(20);
    private static final Pattern TCP_FRAMES = Pattern.compile("(?m)^salle_bridge_ice_tcp_frames_total (\\d+)");
    private RoomCall call;

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
    }

    @Test
    void whenUdpIsBlockedUnderLiveSignallingTheDeviceResumesOntoTheBridgesTcpPortAndTheCallGoesOn() throws Exception {
        call = RoomCall.start();
        DeviceProcess device = call.startDevice("Salle Zola");
        RoomCall.Joined joined = call.browserAndDeviceJoin(SLUG);
        String sid = joined.deviceSid();
        long tcpFramesBefore = tcpFrames(call.rig.metrics());

        NetworkNamespace.Block block = call.ns.blockUdp();
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
            assertThat(tcpFrames(call.rig.metrics())).as("frames on the bridge's ICE-TCP port during the block: media, not checks")
                    .isGreaterThan(tcpFramesBefore + 300);
        } finally {
            block.close();
        }
        assertThat(joined.browser().status().path("events").toString()).as("Alice never saw the device leave")
                .doesNotContain("participantDisconnected");
        joined.browser().close();
    }

    @Test
    void withoutTheBridgesTcpPortTheDeviceResumesOnceUdpIsBackAndMediaFlowsAgainBothWays() throws Exception {
        call = RoomCall.start("--tcp-port", "off");
        DeviceProcess device = call.startDevice("Salle Zola");
        RoomCall.Joined joined = call.browserAndDeviceJoin(SLUG);
        String sid = joined.atDevice().path("meeting").path("participantSid").asText();
        assertThat(sid).as(joined.atDevice().toString()).startsWith("PA_");
        assertThat(joined.deviceSid()).isEqualTo(sid);

        NetworkNamespace.Block block = call.ns.blockUdp();
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
        InteropRig.Peer alice = joined.browser();
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
        Matcher m = TCP_FRAMES.matcher(metrics);
        assertThat(m.find()).as("the bridge's ICE-TCP frame counter in\n" + metrics).isTrue();
        return Long.parseLong(m.group(1));
    }
}

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
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The device resumes its session when its signalling connection is cut at the bridge's end (media
 * untouched): same participant sid, ICE restarted, its video still reaching a browser in the room,
 * which never sees it leave; the device's telemetry says {@code resumed}, not a full rejoin.
 */
class DeviceResumeTest {

    private static final String SLUG = "res-umet-ime";
    private RoomCall call;
    private BridgeProcess bridge;
    private InteropRig rig;
    private DeviceProcess device;

    /** The bridge (with these extra options), a rig over it and the device, in a namespace of their own. */
    private void start(String... bridgeArgs) {
        call = RoomCall.start(bridgeArgs);
        bridge = call.bridge;
        rig = call.rig;
        device = call.startDevice("Salle Jaurès");
    }

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
    }

    @Test
    void whenItsSignallingIsCutTheDeviceResumesWithTheSameSidAndTheBrowserKeepsSeeingItsVideo() throws Exception {
        start();
        RoomCall.Joined joined = call.browserAndDeviceJoin(SLUG);
        InteropRig.Peer alice = joined.browser();
        String sid = joined.atDevice().path("meeting").path("participantSid").asText();
        assertThat(sid).as(joined.atDevice().toString()).startsWith("PA_");
        assertThat(joined.deviceSid()).isEqualTo(sid);

        // a machine loaded past its cores can starve the bridge long enough for the device to resume
        // on its own first (a silent media path, MeetingSession.MEDIA_SILENCE): count from here
        int resumesBefore = device.control().state().path("meeting").path("resumes").asInt();
        assertThat(rig.cutSignalling("device", devicePids())).isPositive();

        JsonNode resumed = awaitState(device, "the session resumed", Duration.ofSeconds(30),
                s -> s.path("meeting").path("resumes").asInt() == resumesBefore + 1
                        && s.path("call").path("state").asText().equals("in_call")
                        && s.path("call").path("message").asText().isEmpty());
        assertThat(resumed.path("meeting").path("participantSid").asText()).isEqualTo(sid);
        assertThat(device.output()).contains("call event reconnecting", "call event resumed")
                .doesNotContain("call event resume-failed");
        long framesAtAlice = MeetingE2e.remoteExcept(alice.status()).path("video").path("frames").asLong();
        JsonNode after = alice.await("the device's video still decoded at Alice after the resume", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > framesAtAlice + 60);
        assertThat(MeetingE2e.remoteExcept(after).path("sid").asText()).isEqualTo(sid);
        assertThat(after.path("events").toString()).as("Alice never saw the device leave")
                .doesNotContain("participantDisconnected");
        long framesAtDevice = media(resumed).path("remoteVideoFrames").asLong();
        awaitState(device, "Alice's video still decoded by the device", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > framesAtDevice + 30);
        assertThat(bridge.httpGet("/metrics")).contains("salle_bridge_signal_resumes_total " + (resumesBefore + 1))
                .contains("salle_bridge_signal_responses_total{type=\"join\"} " + (resumesBefore + 2))
                .doesNotContain("salle_bridge_signal_resumes_refused_total{");
        alice.close();
    }

    @Test
    void whenTheBridgeRefusesTheResumeTheDeviceRejoinsInFull() throws Exception {
        start("--resume-window", "0"); // the bridge removes a participant as soon as its socket drops
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        JsonNode joined = awaitState(device, "in the call", CALL_CHANGE,
                s -> s.path("call").path("state").asText().equals("in_call")
                        && s.path("meeting").path("participantSid").asText().startsWith("PA_"));
        String sid = joined.path("meeting").path("participantSid").asText();

        assertThat(rig.cutSignalling("device", devicePids())).isPositive();

        JsonNode back = awaitState(device, "back in the call by a full rejoin", Duration.ofSeconds(30),
                s -> s.path("call").path("state").asText().equals("in_call")
                        && s.path("call").path("message").asText().isEmpty()
                        && !s.path("meeting").path("participantSid").asText().equals(sid));
        assertThat(back.path("meeting").path("resumes").asInt()).isZero();
        assertThat(device.output()).contains("call event resume-failed", "call event reconnected")
                .doesNotContain("call event resumed");
        assertThat(bridge.httpGet("/metrics"))
                .contains("salle_bridge_signal_resumes_refused_total{reason=\"disabled\"} 1")
                .contains("salle_bridge_signal_responses_total{type=\"join\"} 2");
    }

    @Test
    void aMuteMadeWhileTheSignallingIsAwayReachesTheRoomOnceTheSessionResumes() throws Exception {
        start();
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(SLUG, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);
        alice.await("the device's microphone, unmuted, at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("audio").path("packets").asLong() > 50
                        && !MeetingE2e.remoteExcept(s).path("audio").path("muted").asBoolean(true));

        int resumesBefore = device.control().state().path("meeting").path("resumes").asInt();
        // the bridge is held still, so the device's resume waits; meanwhile the room's user mutes
        signal(bridge.pid(), "STOP");
        try {
            assertThat(rig.cutSignalling("device", devicePids())).isPositive();
            awaitState(device, "reconnecting", Duration.ofSeconds(10),
                    s -> s.path("call").path("message").asText().startsWith("Reconnecting"));
            assertThat(device.control().mute(Optional.of(true)).accepted()).isTrue();
            awaitState(device, "muted", Duration.ofSeconds(5), s -> s.path("call").path("muted").asBoolean());
        } finally {
            signal(bridge.pid(), "CONT");
        }

        awaitState(device, "the session resumed", Duration.ofSeconds(40),
                s -> s.path("meeting").path("resumes").asInt() > resumesBefore && s.path("call").path("message").asText().isEmpty());
        JsonNode seen = alice.await("the device's microphone shown muted at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("audio").path("muted").asBoolean(false));
        assertThat(seen.path("events").toString()).as("Alice never saw the device leave")
                .doesNotContain("participantDisconnected");
        alice.close();
    }

    private static void signal(long pid, String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as("kill -%s %d: %s", signal, pid, new String(p.getInputStream().readAllBytes())).isZero();
    }

    /** The device's JVM and whatever it started: the owners of its sockets. */
    private Set<Long> devicePids() {
        Set<Long> pids = new HashSet<>();
        pids.add(device.pid());
        ProcessHandle.of(device.pid()).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }
}

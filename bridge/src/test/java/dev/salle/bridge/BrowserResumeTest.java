package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official livekit-client resumes its session against the bridge: headless Chromium in a room
 * with another browser loses its signalling connection (cut at the bridge's end, media untouched),
 * resumes with {@code reconnect=1&sid=…}, restarts ICE on both peer connections and goes on
 * sending and receiving video under the same participant sid; the other browser never sees it leave.
 */
class BrowserResumeTest {

    private static final Duration MEDIA = Duration.ofSeconds(30);
    private static final Duration RESUME = Duration.ofSeconds(20);
    private InteropRig rig;

    @BeforeEach
    void startBridge() {
        rig = InteropRig.start();
    }

    @AfterEach
    void stopBridge() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aBrowserWhoseSignallingIsCutResumesRestartsIceAndKeepsItsSidAndMedia() throws Exception {
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("resume", "alice"));
                InteropRig.Peer bob = rig.browser("bob", rig.token("resume", "bob"))) {
            JsonNode before = alice.await("bob's video at alice, and both ICE ufrags", MEDIA,
                    s -> frames(s, "bob") > 30 && s.path("ice").has("publisher") && s.path("ice").has("subscriber"));
            bob.await("alice's video at bob", MEDIA, s -> frames(s, "alice") > 30);
            String sid = before.path("sid").asText();
            assertThat(sid).startsWith("PA_");
            assertThat(bob.remote("alice").path("sid").asText()).isEqualTo(sid);

            assertThat(rig.cutSignalling(alice)).isPositive();

            JsonNode after = alice.await("alice resumed (reconnected)", RESUME,
                    s -> events(s).contains("reconnected"));
            assertThat(events(after)).as("a resume, not a full reconnect").contains("signalReconnecting")
                    .doesNotContain("reconnecting", "disconnected", "participantDisconnected:bob");
            assertThat(after.path("sid").asText()).isEqualTo(sid);
            JsonNode restarted = alice.await("new ICE credentials on both of alice's connections", RESUME,
                    s -> !s.path("ice").path("publisher").asText().equals(before.path("ice").path("publisher").asText())
                            && !s.path("ice").path("subscriber").asText().equals(before.path("ice").path("subscriber").asText()));
            assertThat(restarted.path("ice").path("publisher").asText()).isNotBlank();

            int bobSeenAtAlice = frames(alice.status(), "bob");
            int aliceSeenAtBob = frames(bob.status(), "alice");
            alice.await("bob's video still decoded at alice after the resume", MEDIA,
                    s -> frames(s, "bob") > bobSeenAtAlice + 60);
            JsonNode atBob = bob.await("alice's video still decoded at bob after the resume", MEDIA,
                    s -> frames(s, "alice") > aliceSeenAtBob + 60);
            assertThat(events(atBob)).as("bob never saw alice leave").doesNotContain("participantDisconnected:alice");
            assertThat(atBob.path("remotes").path("alice").path("sid").asText()).isEqualTo(sid);
            String metrics = rig.metrics();
            assertThat(metrics).contains("salle_bridge_signal_resumes_total 1")
                    .contains("salle_bridge_signal_responses_total{type=\"reconnect\"} 1")
                    .contains("salle_bridge_signal_responses_total{type=\"join\"} 2")
                    .doesNotContain("salle_bridge_signal_disconnects_total{")
                    .doesNotContain("salle_bridge_signal_resumes_refused_total{");
        }
    }

    @Test
    void anRtcNodePeerWhoseSignallingIsCutResumesUnderTheSameSidAndAliceKeepsItsVideo() throws Exception {
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("resume-node", "alice"))) {
            RtcNodePeer robot = rig.rtcNode(rig.token("resume-node", "robot"), "--seconds", "120");
            alice.await("the robot's video at alice", MEDIA, s -> frames(s, "robot") > 30);
            String sid = alice.remote("robot").path("sid").asText();
            assertThat(sid).startsWith("PA_");

            assertThat(rig.cutSignalling("robot", robot.processTree())).isPositive();

            org.awaitility.Awaitility.await("the bridge resumes the robot's session").atMost(RESUME)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> rig.metrics().contains("salle_bridge_signal_resumes_total 1"));
            int seen = frames(alice.status(), "robot");
            JsonNode after = alice.await("the robot's video still decoded at alice", MEDIA,
                    s -> frames(s, "robot") > seen + 60);
            assertThat(after.path("remotes").path("robot").path("sid").asText()).isEqualTo(sid);
            assertThat(events(after)).as("alice never saw the robot leave").doesNotContain("participantDisconnected:robot");
            assertThat(robot.events("stats").getLast().path("sid").asText()).isEqualTo(sid);
            assertThat(robot.events("participantDisconnected")).isEmpty();
            assertThat(rig.metrics()).contains("salle_bridge_signal_responses_total{type=\"join\"} 2")
                    .doesNotContain("salle_bridge_signal_resumes_refused_total{");
        }
    }

    private static int frames(JsonNode status, String identity) {
        return status.path("remotes").path(identity).path("video").path("frames").asInt();
    }

    private static List<String> events(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("events").forEach(e -> out.add(e.asText()));
        return out;
    }
}

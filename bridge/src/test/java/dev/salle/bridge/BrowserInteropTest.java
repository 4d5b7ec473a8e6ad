package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Headless Chromium running the official livekit-client against the bridge, all inside a network
 * namespace: two browsers join one room with fake camera and microphone, and what each receives
 * is read from WebRTC stats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserInteropTest {

    private static final Duration MEDIA = Duration.ofSeconds(30);
    private static final Duration EVENT = Duration.ofSeconds(15);
    private InteropRig rig;

    @BeforeAll
    void startBridge() {
        rig = InteropRig.start();
    }

    @AfterAll
    void stopBridge() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void twoBrowsersDecodeEachOthersVideoAndReceiveEachOthersAudio() throws Exception {
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("media", "alice"));
                InteropRig.Peer bob = rig.browser("bob", rig.token("media", "bob"))) {
            JsonNode atAlice = alice.await("more than 60 frames of bob's video and bob's audio", MEDIA,
                    s -> receives(s.path("remotes").path("bob")));
            JsonNode atBob = bob.await("more than 60 frames of alice's video and alice's audio", MEDIA,
                    s -> receives(s.path("remotes").path("alice")));
            assertThat(atAlice.path("remotes").path("bob").path("sid").asText()).startsWith("PA_");
            assertThat(atBob.path("remotes").path("alice").path("video").path("width").asInt()).isPositive();
            bob.await("the bridge's sender reports for alice's audio and video", EVENT,
                    s -> s.path("remotes").path("alice").path("video").path("senderReports").asInt() > 0
                            && s.path("remotes").path("alice").path("audio").path("senderReports").asInt() > 0);
            String metrics = rig.metrics();
            for (String series : new String[] {"salle_bridge_rtp_packets_in_total", "salle_bridge_rtp_packets_out_total",
                    "salle_bridge_forward_stage_packets_total", "salle_bridge_forward_stage_microseconds_total"}) {
                assertThat(metrics).as(series).containsPattern("(?m)^" + series + " [1-9][0-9]*$");
            }
            assertThat(metrics).as("a clean call has no forged or replayed SRTP")
                    .contains("# TYPE salle_bridge_srtp_dropped_total counter")
                    .doesNotContain("salle_bridge_srtp_dropped_total{reason=\"auth_failed\"}");
        }
    }

    @Test
    void muteUnmuteLeaveAndRejoinShowAtTheOtherParticipant() throws Exception {
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("presence", "alice"));
                InteropRig.Peer bob = rig.browser("bob", rig.token("presence", "bob"))) {
            bob.await("alice's video", MEDIA, s -> receives(s.path("remotes").path("alice")));
            alice.command("mute audio");
            bob.await("alice's microphone muted", EVENT, s -> s.path("remotes").path("alice").path("audio").path("muted").asBoolean());
            alice.command("unmute audio");
            bob.await("alice's microphone unmuted", EVENT,
                    s -> !s.path("remotes").path("alice").path("audio").path("muted").asBoolean(true));
            alice.command("mute video");
            bob.await("alice's camera muted", EVENT, s -> s.path("remotes").path("alice").path("video").path("muted").asBoolean());
            alice.command("leave");
            bob.await("alice gone", EVENT, s -> s.path("state").asText().equals("connected")
                    && s.path("remotes").path("alice").isMissingNode());
            alice.command("join");
            JsonNode back = bob.await("alice back with video", MEDIA, s -> receives(s.path("remotes").path("alice")));
            assertThat(back.path("remotes").path("alice").path("video").path("muted").asBoolean()).isFalse();
        }
    }

    @Test
    void aDataMessageSentByOneBrowserArrivesAtTheOtherStampedWithItsSender() throws Exception {
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("data", "alice"));
                InteropRig.Peer bob = rig.browser("bob", rig.token("data", "bob"))) {
            alice.await("bob present", MEDIA, s -> !s.path("remotes").path("bob").isMissingNode());
            bob.await("alice present", MEDIA, s -> !s.path("remotes").path("alice").isMissingNode());
            alice.command("send hello from alice");
            bob.await("alice's message", EVENT, s -> contains(s.path("data"), "alice: hello from alice"));
            bob.command("send and back from bob");
            alice.await("bob's message", EVENT, s -> contains(s.path("data"), "bob: and back from bob"));
        }
    }

    @Test
    void speakersChangedNamesTheParticipantWhoMakesSound() throws Exception {
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("speakers", "alice"));
                InteropRig.Peer bob = rig.browser("bob", rig.token("speakers", "bob"))) {
            bob.await("alice's audio", MEDIA, s -> s.path("remotes").path("alice").path("audio").path("packets").asInt() > 50);
            bob.command("mute audio");
            alice.await("bob's microphone muted", EVENT, s -> s.path("remotes").path("bob").path("audio").path("muted").asBoolean());
            JsonNode heard = bob.await("alice named as the speaker, and not bob", EVENT,
                    s -> contains(s.path("speakers"), "alice") && !contains(s.path("speakers"), "bob"));
            assertThat(heard.path("speakers").size()).isEqualTo(1);
        }
    }

    @Test
    void aSubscriberSwitchesSimulcastLayersAndPausesATrackWhenItAsks() throws Exception {
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("simulcast", "alice"), true);
                InteropRig.Peer bob = rig.browser("bob", rig.token("simulcast", "bob"))) {
            // the top layer comes as alice's browser raises its send rate; a middle one is enough to switch from
            JsonNode high = bob.await("alice's video above its lowest layer", MEDIA, s -> receives(s.path("remotes").path("alice"))
                    && s.path("remotes").path("alice").path("video").path("width").asInt() >= 480);
            int highWidth = high.path("remotes").path("alice").path("video").path("width").asInt();

            bob.command("quality low");
            JsonNode low = bob.await("alice's video at a lower layer", MEDIA,
                    s -> s.path("remotes").path("alice").path("video").path("width").asInt() < highWidth / 2);
            int lowFrames = low.path("remotes").path("alice").path("video").path("frames").asInt();
            bob.await("frames still decoded after the switch", EVENT,
                    s -> s.path("remotes").path("alice").path("video").path("frames").asInt() > lowFrames + 30);
            bob.command("disable");
            Thread.sleep(2000); // frames in flight drain; a paused track then gets nothing
            int before = bob.status().path("remotes").path("alice").path("video").path("frames").asInt();
            Thread.sleep(1500);
            assertThat(bob.status().path("remotes").path("alice").path("video").path("frames").asInt())
                    .as("no frames while disabled").isLessThanOrEqualTo(before + 2);
            bob.command("enable");
            bob.await("frames again once enabled", MEDIA,
                    s -> s.path("remotes").path("alice").path("video").path("frames").asInt() > before + 30);
            bob.command("quality high");
            alice.await("still connected", EVENT, s -> "connected".equals(s.path("state").asText()));
            bob.await("alice's video back at a higher layer", MEDIA,
                    s -> s.path("remotes").path("alice").path("video").path("width").asInt() >= highWidth);
        }
    }

    @Test
    void anRtcNodeParticipantAndABrowserReceiveEachOthersGeneratedMedia() throws Exception {
        RtcNodePeer node = rig.rtcNode(rig.token("node", "robot"), "--seconds", "120", "--send-data", "beep from robot");
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("node", "alice"))) {
            alice.await("robot's generated video (more than 60 frames) and audio", MEDIA,
                    s -> receives(s.path("remotes").path("robot")));
            long deadline = System.nanoTime() + MEDIA.toNanos();
            JsonNode seen = null;
            while (System.nanoTime() < deadline) {
                seen = node.lastStats().map(st -> st.path("remotes").path("alice")).orElse(null);
                if (seen != null && seen.path("videoFrames").asInt() > 60 && seen.path("audioFrames").asInt() > 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(seen).as("what rtc-node received from alice\n" + rig.diagnostics()).isNotNull();
            assertThat(seen.path("videoFrames").asInt()).as(rig.diagnostics()).isGreaterThan(60);
            assertThat(seen.path("audioFrames").asInt()).isPositive();
            assertThat(seen.path("width").asInt()).isPositive();
            alice.await("robot's data message", EVENT, s -> contains(s.path("data"), "robot: beep from robot"));
            alice.command("send hello robot");
            long until = System.nanoTime() + EVENT.toNanos();
            while (System.nanoTime() < until && node.events("data").stream()
                    .noneMatch(e -> e.path("text").asText().equals("hello robot"))) {
                Thread.sleep(100);
            }
            assertThat(node.events("data")).as(rig.diagnostics())
                    .anyMatch(e -> e.path("text").asText().equals("hello robot") && e.path("from").asText().equals("alice"));
        }
    }

    private static boolean receives(JsonNode remote) {
        return remote.path("video").path("frames").asInt() > 60 && remote.path("audio").path("samples").asInt() > 0;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}

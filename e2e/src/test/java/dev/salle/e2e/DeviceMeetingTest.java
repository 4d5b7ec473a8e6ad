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
import dev.salle.bridge.RtcNodePeer;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.NetworkNamespace;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The room device in a meeting, end to end: the bridge, the device (its own JVM, test camera and
 * microphone through the real encoders, decoders and display pipeline) and the reference peers
 * (headless Chromium running livekit-client, @livekit/rtc-node) in one network namespace. The
 * device is driven through its control API, as a room's tablet would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceMeetingTest {

    private NetworkNamespace ns;
    private InteropRig rig;
    private BridgeProcess bridge;
    private DeviceProcess device;

    @BeforeAll
    void start() {
        MeetingE2e.requireBrowsers();
        ns = NetworkNamespace.create();
        try {
            bridge = BridgeProcess.start(ns);
            rig = new InteropRig(ns, bridge);
            // errors stay on screen 3 s (10 s by default), then the device returns to idle by itself
            device = DeviceProcess.in(ns).room("Salle Marianne").set("call.error-hold", "3s").start();
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        try {
            if (device != null) {
                device.close();
            }
        } finally {
            if (rig != null) {
                rig.close(); // the bridge and the namespace too
            } else if (ns != null) {
                ns.close();
            }
        }
    }

    @AfterEach
    void backToIdle() {
        if (!device.control().callState().equals("idle")) {
            device.control().leave();
            awaitCall(device, "idle", CALL_CHANGE);
        }
    }

    @Test
    void theDeviceAndABrowserSeeAndHearEachOtherAndTheBrowserSeesTheDeviceLeave() throws Exception {
        String slug = "abc-defg-hij";
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(slug, "alice", "Alice"));
        // a second participant: the server then offers the device two videos at once, while the
        // device's publisher connection is still handshaking
        RtcNodePeer bob = rig.rtcNode(BridgeProcess.token(slug, "bob", "Bob"), "--seconds", "240");

        DeviceControl.Reply join = device.control().join(Optional.of(bridge.url("/" + slug)));
        assertThat(join.accepted()).as(join.toString()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);

        JsonNode seen = alice.await("the device's video and audio", MEDIA, s -> {
            JsonNode r = MeetingE2e.remoteExcept(s, "bob");
            return r.path("video").path("frames").asLong() > 60 && r.path("audio").path("samples").asLong() > 0;
        });
        JsonNode deviceAtAlice = MeetingE2e.remoteExcept(seen, "bob");
        assertThat(deviceAtAlice.path("video").path("width").asInt()).as(seen.toString()).isGreaterThanOrEqualTo(640);
        assertThat(deviceAtAlice.path("video").path("height").asInt()).as(seen.toString()).isGreaterThanOrEqualTo(360);

        JsonNode state = awaitState(device, "Alice's video decoded and her audio played", MEDIA, s ->
                media(s).path("remoteVideoFrames").asLong() > 60 && media(s).path("speakerAudibleSamples").asLong() > 0);
        assertThat(media(state).path("tileNames").toString()).as(state.toString()).contains("Alice", "Bob");
        assertThat(media(state).path("tiles")).as(state.toString()).hasSize(2);
        assertThat(media(state).path("tiles").get(0).path("speaker").asBoolean()).isTrue();
        assertThat(state.path("meeting").path("reconnects").asInt()).as("a clean join: " + state).isZero();
        // the call's quality from real RTCP: the bridge's receiver reports on what the device sends,
        // and the sequence numbers of what it receives
        JsonNode reported = awaitState(device, "the bridge's receiver reports on the device's streams", MEDIA, s ->
                s.path("meeting").path("quality").has("sendLossPercent"));
        JsonNode quality = reported.path("meeting").path("quality");
        assertThat(quality.path("rating").asText()).as(reported.toString()).isIn("good", "fair", "poor");
        assertThat(quality.path("receiveLossPercent").asDouble(-1)).as(reported.toString()).isBetween(0.0, 10.0);
        assertThat(quality.path("sendJitterMs").asDouble(-1)).as(reported.toString()).isGreaterThanOrEqualTo(0);
        double distance = MeetingE2e.centreDistanceFromBlack(device.control().snapshotJpeg());
        assertThat(distance).as("the screen's centre shows Alice's camera, not the background").isGreaterThan(40);

        DeviceControl.Reply left = device.control().leave();
        assertThat(left.accepted()).as(left.toString()).isTrue();
        awaitCall(device, "idle", CALL_CHANGE);
        alice.await("the device gone from Alice's room", CALL_CHANGE, s -> s.path("remotes").size() == 1);
        alice.close();
        bob.close();
    }

    @Test
    void aBrowserThatAsksForLowQualityGetsTheDevicesLowSimulcastLayer() throws Exception {
        String slug = "sim-ulca-sts";
        try (InteropRig.Peer carol = rig.browser("carol", BridgeProcess.token(slug, "carol", "Carol"))) {
            assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
            awaitCall(device, "in_call", CALL_CHANGE);
            // the device's camera is 640x360 here; its low layer a quarter of each side, 160x90
            carol.await("the device's main layer", MEDIA,
                    s -> MeetingE2e.remoteExcept(s).path("video").path("width").asInt() == 640);

            carol.command("quality low");
            JsonNode low = carol.await("the device's low layer", MEDIA,
                    s -> MeetingE2e.remoteExcept(s).path("video").path("width").asInt() == 160);
            int frames = MeetingE2e.remoteExcept(low).path("video").path("frames").asInt();
            carol.await("frames go on decoding in the low layer", MEDIA,
                    s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asInt() > frames + 30);

            carol.command("quality high");
            carol.await("the main layer again", MEDIA,
                    s -> MeetingE2e.remoteExcept(s).path("video").path("width").asInt() == 640);
        }
    }

    @Test
    void turningTheCameraOffMutesItForTheBrowserStopsItsPacketsAndBlacksTheSelfView() throws Exception {
        String slug = "cam-eraa-off";
        try (InteropRig.Peer dora = rig.browser("dora", BridgeProcess.token(slug, "dora", "Dora"))) {
            assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
            awaitCall(device, "in_call", CALL_CHANGE);
            dora.await("the device's video", MEDIA, s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asInt() > 30);

            DeviceControl.Reply off = device.control().post("/api/camera", "{\"off\": true}");
            assertThat(off.accepted()).as(off.toString()).isTrue();
            dora.await("the device's camera muted", CALL_CHANGE,
                    s -> MeetingE2e.remoteExcept(s).path("video").path("muted").asBoolean());
            JsonNode offState = awaitState(device, "the self-view hidden with its notice", CALL_CHANGE,
                    s -> media(s).path("selfViewHidden").asBoolean());
            long packetsThen = media(offState).path("videoRtpPackets").asLong();
            Thread.sleep(1500); // thirty-odd camera frames' time, had the camera still been sending
            JsonNode later = device.control().state();

            assertThat(offState.path("call").path("cameraOff").asBoolean()).as(offState.toString()).isTrue();
            assertThat(media(offState).path("selfViewNotice").asText()).isEqualTo("Camera off");
            assertThat(media(later).path("videoRtpPackets").asLong()).as("no camera packet leaves while off")
                    .isEqualTo(packetsThen);
            assertThat(later.path("call").path("state").asText()).isEqualTo("in_call");

            DeviceControl.Reply on = device.control().post("/api/camera", "{\"off\": false}");
            assertThat(on.accepted()).as(on.toString()).isTrue();
            int framesOff = MeetingE2e.remoteExcept(dora.await("unmuted", CALL_CHANGE,
                    s -> !MeetingE2e.remoteExcept(s).path("video").path("muted").asBoolean())).path("video").path("frames").asInt();
            dora.await("the device's video again", MEDIA,
                    s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asInt() > framesOff + 30);
            JsonNode onState = device.control().state();
            assertThat(media(onState).path("selfViewHidden").asBoolean()).isFalse();
            assertThat(media(onState).path("selfViewNotice").asText()).isEmpty();
        } finally {
            device.control().post("/api/camera", "{\"off\": false}");
        }
    }

    @Test
    void captionsFromATranscriptionPacketAreDrawnOnTheScreen() throws Exception {
        String slug = "cap-tion-sss";
        RtcNodePeer speaker = rig.rtcNode(BridgeProcess.token(slug, "agent", "Interprète"),
                "--seconds", "120", "--send-transcription", "Bonjour à toutes et à tous");
        try {
            assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
            awaitCall(device, "in_call", CALL_CHANGE);
            JsonNode state = awaitState(device, "the caption on screen", MEDIA,
                    s -> media(s).path("caption").asText().contains("Bonjour à toutes et à tous"));
            assertThat(media(state).path("caption").asText()).startsWith("Interprète: ");
        } finally {
            speaker.close();
        }
    }

    @Test
    void aRestrictedMeetingShowsTheLobbyThenJoinsWhenTheHostAdmits() {
        Lobby.Room room = Lobby.restrictedRoom(bridge, "Conseil");
        assertThat(device.control().join(Optional.of(bridge.url("/" + room.slug()))).accepted()).isTrue();

        JsonNode waiting = awaitState(device, "the lobby message", CALL_CHANGE,
                s -> s.path("call").path("message").asText().startsWith("Waiting for the host to let"));
        assertThat(waiting.path("call").path("state").asText()).isEqualTo("joining");
        assertThat(waiting.path("screen").path("overlay").asText()).contains("Waiting for the host to let");
        Lobby.decide(bridge, room.id(), "Salle Marianne", true);

        awaitCall(device, "in_call", CALL_CHANGE);
        assertThat(bridge.httpGet("/metrics")).contains("salle_bridge_signal_responses_total{type=\"join\"}");
    }

    @Test
    void aDeniedLobbyAnUnreachableServerAMissingRoomAndAnExpiredTokenEachSayWhy() {
        Lobby.Room room = Lobby.restrictedRoom(bridge, "Huis clos");
        assertThat(device.control().join(Optional.of(bridge.url("/" + room.slug()))).accepted()).isTrue();
        awaitState(device, "the lobby message", CALL_CHANGE,
                s -> s.path("call").path("message").asText().startsWith("Waiting for the host to let"));
        Lobby.decide(bridge, room.id(), "Salle Marianne", false);
        expectError("The host did not let this room in.", "denied");

        device.control().join(Optional.of("http://" + NetworkNamespace.PEER_ADDRESS + ":1/abc-defg-hij"));
        expectError("The meeting server cannot be reached.", "unreachable");

        // the device's own page answers 404 for a room API path: a server without that meeting
        device.control().join(Optional.of("http://127.0.0.1:" + device.pageUri().getPort() + "/abc-defg-hij"));
        expectError("This meeting does not exist.", "not_found");

        String expired = new AccessTokenMinter(ApiKeys.of(Map.of(ApiKeys.DEV_KEY, ApiKeys.DEV_SECRET)), ApiKeys.DEV_KEY,
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-7))).mint(TokenRequest.joinRoom("late", "abc-defg-hij")
                .withGrant(VideoGrant.joinRoom("abc-defg-hij")));
        device.control().join(Optional.of(bridge.livekitUrl() + "?access_token=" + expired));
        expectError("refused the access token", "signal-unauthorized");
    }

    /** The device shows the error, logs the telemetry event with its kind, then returns to idle by itself. */
    private void expectError(String message, String kind) {
        JsonNode error = awaitCall(device, "error", CALL_CHANGE);
        assertThat(error.path("call").path("message").asText()).as(error.toString()).contains(message);
        assertThat(error.path("screen").path("overlay").asText()).contains(message);
        assertThat(device.output()).contains("call event join-failed").contains("kind=" + kind);
        JsonNode idle = awaitCall(device, "idle", CALL_CHANGE);
        assertThat(idle.path("call").path("cause").asText()).isEqualTo("error shown");
    }
}

package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.MEDIA;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static dev.salle.e2e.MeetingE2e.media;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.InteropRig;
import dev.salle.bridge.config.BridgeConfig;
import dev.salle.testkit.NetworkNamespace;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "When the network drops for up to 30 s, the device rejoins by itself and says Reconnecting…
 * meanwhile": for 30 s nothing reaches the bridge (its signalling port, its ICE-TCP port and every
 * UDP packet in the namespace are blackholed, both ways), then the network comes back. The device
 * shows "Reconnecting…" during the drop, is back in the call without a button press once the
 * network returns, and video flows both ways with a browser in the room again.
 */
class DeviceNetworkDropTest {

    private static final String SLUG = "net-wrkd-rop";
    private static final Duration DROP = Duration.ofSeconds(30);
    /** After the network returns: the reconnect policy tries at most 2 s apart, a join takes a few seconds. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);
    private RoomCall call;

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
    }

    @Test
    void aThirtySecondNetworkDropIsRiddenOutWithReconnectingShownAndTheCallBackWithoutAPress() throws Exception {
        call = RoomCall.start();
        DeviceProcess device = call.startDevice("Salle Hugo");
        InteropRig.Peer alice = call.browserAndDeviceJoin(SLUG).browser();

        List<String> messages = new ArrayList<>();
        NetworkNamespace.Block drop = call.ns.block(URI.create(call.bridge.url("/")).getPort(), BridgeConfig.DEFAULT_TCP_PORT);
        long droppedAt = System.nanoTime();
        try {
            // the device's control page is not behind the block: watch what the room's screen says
            for (int i = 0; i < 200 && System.nanoTime() - droppedAt < DROP.toNanos(); i++) {
                JsonNode s = device.control().state();
                messages.add(s.path("call").path("state").asText() + ": " + s.path("call").path("message").asText());
                Thread.sleep(500);
            }
        } finally {
            drop.close();
        }
        assertThat(messages).as("what the device said during the drop").anyMatch(m -> m.contains("Reconnecting"))
                .noneMatch(m -> m.startsWith("idle"));

        JsonNode back = awaitState(device, "back in the call after the network returned", BACK_WITHIN,
                s -> s.path("call").path("state").asText().equals("in_call")
                        && s.path("call").path("message").asText().isEmpty());
        assertThat(back.path("meeting").path("participantSid").asText()).startsWith("PA_");
        long framesAtDevice = media(device.control().state()).path("remoteVideoFrames").asLong();
        awaitState(device, "Alice's video decoded by the device again", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > framesAtDevice + 30);
        long framesAtAlice = MeetingE2e.remoteExcept(alice.status()).path("video").path("frames").asLong();
        alice.await("the device's video decoded at Alice again", MEDIA, s -> {
            long frames = MeetingE2e.remoteExcept(s).path("video").path("frames").asLong();
            // the same track counts on; a rejoin's new track counts from 0
            return frames > framesAtAlice + 60 || (frames < framesAtAlice && frames > 60);
        });
        String output = device.output();
        output.lines().filter(l -> l.contains("call event") || l.contains("CallStateMachine")).forEach(System.out::println);
        assertThat(output).contains("call event reconnecting").doesNotContain("call event join-failed");
        alice.close();
    }
}

package dev.salle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.BridgeProcess;
import dev.salle.testkit.NetworkNamespace;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The room device and the bridge as their own JVMs in one fresh network namespace; the device's
 * page is driven from outside with curl inside the namespace. The device's {@code local:} meeting
 * is its media self-test: joining it encodes the (test-source) camera and microphone for real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceProcessInNamespaceTest {

    /** Joining starts the H.264 and Opus encoders; two shared cores may take a while. */
    private static final Duration CALL_CHANGE = Duration.ofSeconds(30);
    private static final Duration SNAPSHOT = Duration.ofSeconds(20);

    private NetworkNamespace ns;
    private BridgeProcess bridge;
    private DeviceProcess device;
    private DeviceControl control;

    @BeforeAll
    void start() {
        ns = NetworkNamespace.create();
        bridge = BridgeProcess.start(ns);
        device = DeviceProcess.in(ns).room("Salle Marianne").meeting("local:").start();
        control = device.control();
    }

    @AfterAll
    void stop() {
        MeetingE2e.stopAll(device, bridge, ns);
    }

    @Test
    void theDeviceAndTheBridgeRunInsideTheNamespaceAndTheDevicePageListensOnItsLoopback() {
        assertThat(ns.pids()).as("processes in namespace " + ns.name()).contains(device.pid(), bridge.pid());
        assertThat(device.pageUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(device.pageUri().getPort()).isPositive();
    }

    @Test
    void theButtonJoinsTheLocalMediaTestAndLeavesIt() {
        JsonNode before = control.state();
        assertThat(before.path("call").path("state").asText()).as("call state at start\n" + device.output()).isEqualTo("idle");
        assertThat(before.path("device").path("room").asText()).isEqualTo("Salle Marianne");
        assertThat(before.path("fleet").path("status").asText()).isEqualTo("off");

        control.pressButton();
        awaitCallState("in_call");
        JsonNode inCall = control.state();
        assertThat(inCall.path("call").path("meeting").asText()).isEqualTo("local:");
        assertThat(inCall.path("led").path("state").asText()).isEqualTo("IN_CALL");
        assertThat(inCall.path("events").findValuesAsText("cause")).as(inCall.path("events").toString())
                .containsSubsequence("button", "joined");

        control.pressButton();
        awaitCallState("idle");
    }

    @Test
    void theApiJoinsTheLocalMediaTestLeavesItAndRefusesABadJoinBody() {
        assertThat(control.callState()).isEqualTo("idle");

        DeviceControl.Reply bad = control.post("/api/join", "{\"meeting\": 42");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.body().path("ok").asBoolean(true)).isFalse();
        assertThat(bad.error()).isNotBlank();
        assertThat(control.callState()).as("a refused join changes nothing").isEqualTo("idle");

        DeviceControl.Reply joined = control.join(Optional.of("local:"));
        assertThat(joined.accepted()).as(joined.toString()).isTrue();
        awaitCallState("in_call");

        DeviceControl.Reply muted = control.mute(Optional.of(true));
        assertThat(muted.accepted()).as(muted.toString()).isTrue();
        await().atMost(CALL_CHANGE).until(() -> control.state().path("call").path("muted").asBoolean());

        DeviceControl.Reply left = control.leave();
        assertThat(left.accepted()).as(left.toString()).isTrue();
        awaitCallState("idle");
    }

    @Test
    void aPostWithoutTheRequestHeaderIsRefusedAndChangesNothing() {
        DeviceControl.Reply refused = control.post("/api/button/press", "", Map.of());

        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.error()).contains(DeviceControl.REQUEST_HEADER);
        assertThat(control.callState()).isEqualTo("idle");
    }

    @Test
    void theScreenSnapshotIsAJpeg() {
        AtomicReference<byte[]> jpeg = new AtomicReference<>();
        await("a screen snapshot (503 while the display pipeline starts)").atMost(SNAPSHOT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreException(IllegalStateException.class)
                .until(() -> {
                    jpeg.set(control.snapshotJpeg());
                    return true;
                });

        byte[] bytes = jpeg.get();
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(bytes[0] & 0xff).as("JPEG start of image").isEqualTo(0xFF);
        assertThat(bytes[1] & 0xff).isEqualTo(0xD8);
        assertThat(bytes[bytes.length - 2] & 0xff).as("JPEG end of image").isEqualTo(0xFF);
        assertThat(bytes[bytes.length - 1] & 0xff).isEqualTo(0xD9);
    }

    private void awaitCallState(String state) {
        try {
            await("call state " + state).atMost(CALL_CHANGE).pollInterval(Duration.ofMillis(250))
                    .until(control::callState, state::equals);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the device did not reach call state '" + state + "' within "
                    + CALL_CHANGE.toSeconds() + " s; its state: " + control.state() + "\n--- device output (end):\n"
                    + device.output(), e);
        }
    }
}

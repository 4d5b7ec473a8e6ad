package dev.salle.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.salle.fleet.FleetManager;
import dev.salle.fleet.monitor.DeviceActivity;
import dev.salle.fleet.rollout.DeviceProgress;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rooms that misbehave on purpose, seen by the fleet manager over the real broker: broken parts and
 * poor calls in their telemetry from the start and while they run, and an update that a room in a
 * call defers until the fleet's {@code leave}.
 */
class SimulatedFaultsTest {

    private static final int ROOMS = 8;

    @TempDir
    Path dir;

    private FleetBench bench;
    private FleetManager fleet;
    private DeviceSimulator sim;

    @AfterEach
    void stop() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void brokenPartsAndPoorCallsReachTheFleetAndARoomInACallDefersItsUpdateUntilItLeaves() throws Exception {
        bench = new FleetBench(dir);
        fleet = bench.fleet;
        sim = bench.rooms(broker -> new DeviceSimulator.Settings(broker, ROOMS, "sim-", 2, "1.4.0",
                Duration.ofMillis(300), 0, Duration.ofMillis(10), 100, 0.5, 0.25));
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.registry().onlineCount() == ROOMS);

        JsonNode camera = telemetry("sim-00001");
        assertThat(camera.path("camera").asBoolean(true)).isFalse();
        assertThat(camera.path("microphone").asBoolean()).isTrue();
        assertThat(telemetry("sim-00003").path("microphone").asBoolean(true)).isFalse();
        assertThat(telemetry("sim-00005").path("display").asBoolean(true)).isFalse();
        JsonNode network = telemetry("sim-00007").path("network");
        assertThat(network.path("up").asBoolean(true)).isFalse();
        assertThat(network.path("defaultRoute").asBoolean(true)).isFalse();
        JsonNode healthy = telemetry("sim-00002");
        assertThat(List.of(healthy.path("camera").asBoolean(), healthy.path("microphone").asBoolean(),
                healthy.path("display").asBoolean(), healthy.path("network").path("up").asBoolean())).containsOnly(true);
        assertThat(healthy.path("call").asText()).isEqualTo("idle");
        assertThat(healthy.has("callQuality")).isFalse();
        for (String inCall : List.of("sim-00000", "sim-00004")) {
            JsonNode t = telemetry(inCall);
            assertThat(t.path("call").asText()).as(inCall).isEqualTo("in_call");
            assertThat(t.path("callQuality").path("rating").asText()).as(inCall).isEqualTo("poor");
            assertThat(fleet.registry().device(inCall).orElseThrow().call()).as(inCall).contains("in_call");
        }
        assertThat(sim.inCall()).isEqualTo(2);

        // faults change while the rooms run: room 2 loses its camera, room 1 gets its back
        sim.breakPart(2, Optional.of(Behaviour.Part.CAMERA));
        sim.breakPart(1, Optional.empty());
        await().atMost(Duration.ofSeconds(10)).until(() -> !telemetry("sim-00002").path("camera").asBoolean(true)
                && telemetry("sim-00001").path("camera").asBoolean(false));
        sim.poorCall(6, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> "poor".equals(telemetry("sim-00006").path("callQuality").path("rating").asText()));
        assertThat(fleet.registry().device("sim-00006").orElseThrow().call()).contains("in_call");

        // a room in a call defers its update, as a device does; the fleet's leave lets it go on
        assertThat(command("sim-00000", "join").path("error").path("code").asText()).isEqualTo("busy");
        Rollout rollout = Rollout.create("faults", "1.5.0", List.of("sim-00000", "sim-00002"),
                new RolloutPolicy(List.of(100), 100, 1, false, Duration.ofMinutes(5)), Instant.now());
        fleet.rollouts().create(rollout, URI.create("https://127.0.0.1:1/1.5.0.bundle"), Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.rollouts().load("faults").orElseThrow()
                .device("sim-00002").progress() == DeviceProgress.SUCCEEDED);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.live().activity().recentEvents("sim-00000").stream()
                .anyMatch(e -> "deferred".equals(e.message().path("details").path("step").asText())));
        Rollout waiting = fleet.rollouts().load("faults").orElseThrow();
        assertThat(waiting.device("sim-00000").progress()).isNotEqualTo(DeviceProgress.SUCCEEDED);
        assertThat(sim.running("1.5.0")).isEqualTo(1);

        assertThat(command("sim-00000", "leave").path("ok").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.rollouts().load("faults").orElseThrow().state() == Rollout.State.DONE);
        assertThat(sim.running("1.5.0")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.registry().device("sim-00000").orElseThrow().call().equals(Optional.of("idle")));
        assertThat(command("sim-00000", "leave").path("error").path("code").asText()).isEqualTo("busy");
    }

    private JsonNode telemetry(String id) {
        return fleet.live().activity().latestTelemetry(id).map(DeviceActivity.Heard::message)
                .orElseThrow(() -> new AssertionError("no telemetry from " + id + " yet"));
    }

    private JsonNode command(String id, String name) throws Exception {
        return fleet.live().command(id, name, JsonNodeFactory.instance.objectNode()).get(20, TimeUnit.SECONDS);
    }
}

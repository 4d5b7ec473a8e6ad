package dev.salle.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.fleet.FleetManager;
import dev.salle.fleet.config.ConfigScope;
import dev.salle.fleet.rollout.DeviceProgress;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hundred simulated rooms, each with its own certificate and connection, against the embedded
 * broker with mutual TLS and the fleet manager: all show up online, a configuration change reaches
 * every one, and a rollout to all in four waves halts in the last one when the rooms that fail
 * their health check on purpose reach the failure limit.
 */
class DeviceSimulatorTest {

    private static final int ROOMS = 300;

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
    void threeHundredRoomsComeOnlineTakeTheirConfigurationAndARolloutHaltsAtTheFailureLimit() throws Exception {
        bench = new FleetBench(dir);
        fleet = bench.fleet;
        sim = bench.rooms(broker -> new DeviceSimulator.Settings(broker, ROOMS, "sim-", 3, "1.4.0",
                Duration.ofSeconds(30), 0.1, Duration.ofMillis(10), 300));

        await().atMost(Duration.ofSeconds(90)).until(() -> fleet.registry().onlineCount() == ROOMS);
        assertThat(sim.connected()).isEqualTo(ROOMS);
        assertThat(fleet.registry().devices(Optional.of("Site 2"))).hasSize(ROOMS / 3);

        fleet.layers().set(ConfigScope.ORG, Map.of("call.error-hold", "7s"), "test", Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.configured() == ROOMS);

        Rollout rollout = Rollout.create("sim", "1.5.0", sim.ids(), new RolloutPolicy(List.of(1, 10, 50, 100), 80, 20, false,
                Duration.ofMinutes(5)), Instant.now());
        fleet.rollouts().create(rollout, URI.create("https://127.0.0.1:1/1.5.0.bundle"), Instant.now());
        await().atMost(Duration.ofSeconds(120)).until(() -> fleet.rollouts().load("sim").orElseThrow().state() == Rollout.State.HALTED);
        assertThat(fleet.rollouts().load("sim").orElseThrow().reason()).isEqualTo("20 failures reached the limit of 20 in wave 4");
        // rooms of the last wave already asked finish their update after the halt; nothing new starts
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var counts = fleet.rollouts().load("sim").orElseThrow().counts();
            return counts.get(DeviceProgress.STARTED) + counts.get(DeviceProgress.IN_PROGRESS) == 0;
        });
        Rollout halted = fleet.rollouts().load("sim").orElseThrow();
        assertThat(halted.state()).isEqualTo(Rollout.State.HALTED);
        assertThat(halted.device("sim-00009").detail()).isEqualTo("rolled-back");
        assertThat(sim.running("1.5.0")).as("exactly the rooms that succeeded run the new version")
                .isEqualTo(halted.counts().get(DeviceProgress.SUCCEEDED));
        assertThat(halted.counts().get(DeviceProgress.WAITING)).as("the last wave was started whole").isZero();

        sim.goOffline(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> !fleet.registry().device("sim-00000").orElseThrow().online());
    }

    @Test
    void failingRoomsAreSpreadEvenly() {
        long failing = java.util.stream.IntStream.range(0, 1000).filter(i -> DeviceSimulator.failing(i, 0.1)).count();
        assertThat(failing).isEqualTo(100);
        assertThat(DeviceSimulator.failing(9, 0.1)).isTrue();
        assertThat(DeviceSimulator.failing(0, 0.1)).isFalse();
        assertThat(java.util.stream.IntStream.range(0, 50).noneMatch(i -> DeviceSimulator.failing(i, 0))).isTrue();
    }
}

package dev.salle.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.device.fleet.CommandError;
import dev.salle.device.fleet.CommandResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedRoomTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SimulatedRoom room = new SimulatedRoom("sim-00001", "Salle 1", "Site 1", "1.4.0", Behaviour.GOOD, timers,
            Instant.parse("2026-11-23T12:00:00Z"), id -> {});

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void telemetryCarriesEveryPartTheFleetsHealthReadsAndAWiredLinkThatIsUp() {
        Map<String, Object> t = room.telemetry();

        assertThat(t).containsEntry("camera", true).containsEntry("microphone", true).containsEntry("display", true);
        assertThat(t.get("network")).isInstanceOf(Map.class);
        Map<?, ?> network = (Map<?, ?>) t.get("network");
        assertThat(network.get("defaultRoute")).isEqualTo(true);
        assertThat(network.get("up")).isEqualTo(true);
        assertThat(network.get("kind")).isEqualTo("ethernet");
        assertThat(t).doesNotContainKey("callQuality").containsEntry("call", "idle");
        assertThat(room.state().call()).isEqualTo("idle");
    }

    @Test
    void aBrokenPartIsReportedFalseAndABrokenNetworkAsALinkDownWithoutARouteUntilMended() {
        for (Behaviour.Part part : List.of(Behaviour.Part.CAMERA, Behaviour.Part.MICROPHONE, Behaviour.Part.DISPLAY)) {
            room.breakPart(Optional.of(part));
            Map<String, Object> t = room.telemetry();
            for (Behaviour.Part other : List.of(Behaviour.Part.CAMERA, Behaviour.Part.MICROPHONE, Behaviour.Part.DISPLAY)) {
                assertThat(t.get(other.wireName())).as(part + " broken, " + other).isEqualTo(other != part);
            }
            assertThat(((Map<?, ?>) t.get("network")).get("up")).isEqualTo(true);
        }
        room.breakPart(Optional.of(Behaviour.Part.NETWORK));
        Map<?, ?> network = (Map<?, ?>) room.telemetry().get("network");
        assertThat(network.get("up")).isEqualTo(false);
        assertThat(network.get("defaultRoute")).isEqualTo(false);
        assertThat(room.telemetry()).containsEntry("camera", true);

        room.breakPart(Optional.empty());
        assertThat(room.telemetry()).containsEntry("camera", true).containsEntry("microphone", true).containsEntry("display", true);
        assertThat(((Map<?, ?>) room.telemetry().get("network")).get("up")).isEqualTo(true);
    }

    @Test
    void aRoomInAPoorCallSaysSoInItsStateAndTelemetryAndAJoinOrLeaveThatDoesNotFitIsBusy() {
        SimulatedRoom poor = new SimulatedRoom("sim-00002", "Salle 2", "Site 1", "1.4.0",
                new Behaviour(false, Duration.ofMillis(10), Optional.empty(), true), timers, Instant.parse("2026-11-23T12:00:00Z"), id -> {});
        assertThat(poor.state().call()).isEqualTo("in_call");
        Map<?, ?> quality = (Map<?, ?>) poor.telemetry().get("callQuality");
        assertThat(quality.get("rating")).isEqualTo("poor");
        assertThat(((Number) quality.get("sendLossPercent")).doubleValue()).as("past the device's 10 %% poor mark").isGreaterThanOrEqualTo(10);
        assertThat(poor.join(Optional.empty())).isInstanceOfSatisfying(CommandResult.Failed.class,
                f -> assertThat(f.code()).isEqualTo(CommandError.BUSY));

        assertThat(poor.leave()).isInstanceOf(CommandResult.Ok.class);
        assertThat(poor.state().call()).isEqualTo("idle");
        assertThat(poor.telemetry()).doesNotContainKey("callQuality");
        assertThat(poor.leave()).isInstanceOfSatisfying(CommandResult.Failed.class,
                f -> assertThat(f.code()).isEqualTo(CommandError.BUSY));

        assertThat(poor.join(Optional.empty())).isInstanceOf(CommandResult.Ok.class);
        assertThat(((Map<?, ?>) poor.telemetry().get("callQuality")).get("rating")).as("a call joined afterwards is good").isEqualTo("good");
        poor.poorCall(true);
        assertThat(((Map<?, ?>) poor.telemetry().get("callQuality")).get("rating")).isEqualTo("poor");
    }

    @Test
    void faultsAreSpreadOverTheRoomsAndThePartsTakeTurns() {
        DeviceSimulator.Settings s = new DeviceSimulator.Settings("mqtts://127.0.0.1:1", 100, "sim-", 1, "1.4.0",
                Duration.ofSeconds(30), 0, Duration.ofMillis(10), 10, 0.2, 0.1);
        List<Behaviour> all = java.util.stream.IntStream.range(0, 100).mapToObj(i -> DeviceSimulator.behaviour(i, s)).toList();
        assertThat(all.stream().filter(b -> b.brokenPart().isPresent())).hasSize(20);
        assertThat(all.stream().filter(Behaviour::poorCall)).hasSize(10);
        assertThat(all.stream().filter(Behaviour::failHealthCheck)).isEmpty();
        for (Behaviour.Part part : Behaviour.Part.values()) {
            assertThat(all.stream().filter(b -> b.brokenPart().equals(Optional.of(part)))).as(part.name()).hasSize(5);
        }
        assertThat(all.get(4).brokenPart()).contains(Behaviour.Part.CAMERA);
        assertThat(all.get(9).brokenPart()).contains(Behaviour.Part.MICROPHONE);
    }

    @Test
    void sharesOutsideZeroToOneAreRefused() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new DeviceSimulator.Settings("mqtts://127.0.0.1:1", 10, "sim-", 1, "1.4.0",
                    Duration.ofSeconds(30), 0, Duration.ofMillis(10), 10, bad, 0)).as("unhealthy " + bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new DeviceSimulator.Settings("mqtts://127.0.0.1:1", 10, "sim-", 1, "1.4.0",
                    Duration.ofSeconds(30), 0, Duration.ofMillis(10), 10, 0, bad)).as("poor call " + bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anUpdateUrlWithoutAVersionInItsNameIsRefusedAndChangesNothing() {
        for (String url : new String[] {"https://fleet.test/bundles/latest.bundle", "https://fleet.test/1.5/x.bundle",
                "https://fleet.test/bundles/"}) {
            assertThat(room.update(URI.create(url))).as(url).isInstanceOfSatisfying(CommandResult.Failed.class,
                    f -> assertThat(f.code()).isEqualTo(CommandError.INVALID_ARGUMENT));
        }
        assertThat(room.version()).isEqualTo("1.4.0");
    }
}

package dev.salle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.fleet.CommandError;
import dev.salle.device.fleet.CommandResult;
import java.net.URI;
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
        assertThat(t).doesNotContainKey("callQuality");
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

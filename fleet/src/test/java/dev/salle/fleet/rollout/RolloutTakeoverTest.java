package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.fleet.monitor.ActivityFeed;
import dev.salle.fleet.monitor.FleetMonitor;
import dev.salle.fleet.registry.DeviceRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/**
 * A manager that takes the lead over starts each rollout's runner with the devices' update events
 * it heard while it followed: a device that finished meanwhile reports nothing more.
 */
class RolloutTakeoverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aNewRunnerTakesTheUpdateEventsHeardSinceEachDeviceStartedAndNothingOlder() throws Exception {
        Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("100%"), 100, 3, false, Duration.ofHours(1));
        Rollout rollout = Rollout.create("r-take", "1.5.0", List.of("d-1", "d-2", "d-3", "d-4"), policy, T0);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (DeviceRegistry registry = DeviceRegistry.inMemory("takeover");
             RolloutStore store = new RolloutStore("jdbc:h2:mem:takeover;DB_CLOSE_DELAY=-1", "sa", "")) {
            store.create(rollout, URI.create("https://127.0.0.1/b"), T0);
            FleetMonitor monitor = new FleetMonitor("ssl://127.0.0.1:1", "salle-fleet-test",
                    (SSLSocketFactory) SSLSocketFactory.getDefault(), "salle/v1", registry, clock);
            var activity = monitor.activity();
            ActivityFeed.event(activity, "d-1", update("{\"step\":\"downloading\"}"), T0.plusSeconds(2));
            ActivityFeed.event(activity, "d-1", update("{\"step\":\"healthy\",\"version\":\"1.5.0\"}"), T0.plusSeconds(40));
            // the end of an earlier update, stamped just after the start by a clock a little ahead
            ActivityFeed.event(activity, "d-2", update("{\"step\":\"healthy\",\"version\":\"1.4.0\"}"), T0.plusSeconds(1));
            ActivityFeed.event(activity, "d-3", update("{\"step\":\"failed\",\"code\":\"download-failed\"}"), T0.minusSeconds(30));
            ActivityFeed.event(activity, "d-4", update("{\"step\":\"installing\"}"), T0.plusSeconds(30));

            RolloutRunner runner = new RolloutRunner(rollout, URI.create("https://127.0.0.1/b"), monitor, registry, store,
                    clock, executor);
            runner.start(Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Rollout saved = store.load("r-take").orElseThrow();
                assertThat(saved.device("d-1").progress()).isEqualTo(DeviceProgress.SUCCEEDED);
                assertThat(saved.device("d-2").progress()).as("healthy on another version: not this update")
                        .isEqualTo(DeviceProgress.STARTED);
                assertThat(saved.device("d-3").progress()).as("from before it started").isEqualTo(DeviceProgress.STARTED);
                assertThat(saved.device("d-4").progress()).isEqualTo(DeviceProgress.IN_PROGRESS);
                assertThat(saved.device("d-4").detail()).isEqualTo("installing");
            });
            runner.close();
            monitor.close();
        } finally {
            executor.shutdownNow();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode update(String details) throws Exception {
        return JSON.readTree("{\"type\":\"update\",\"details\":" + details + "}");
    }
}

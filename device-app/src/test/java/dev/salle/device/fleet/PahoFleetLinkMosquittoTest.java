package dev.salle.device.fleet;

import dev.salle.testkit.FakeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.testkit.MosquittoProcess;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** PahoFleetLink's own reconnect schedule against a real Mosquitto, on a fake scheduler. */
class PahoFleetLinkMosquittoTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Runs due scheduler work until the condition holds; Paho answers on its own threads. */
    private void pumpUntil(BooleanSupplier condition) {
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            scheduler.runDue();
            return condition.getAsBoolean();
        });
    }

    @Test
    void backoffStartsOverAfterASuccessfulConnection() {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            broker.stop();
            FleetConfig config = FleetConfig.of(broker.uri(), "room-reset");
            try (PahoFleetLink link = new PahoFleetLink(config, scheduler, new Random(9))) {
                link.start(OutboundMessage.of(config.topics().state(), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), true, 0), new Recorder());
                for (int failures = 1; failures <= 3; failures++) {
                    int expected = failures;
                    pumpUntil(() -> scheduler.requestedDelaysMillis().size() >= expected);
                    scheduler.advance(Duration.ofSeconds(60));
                }
                pumpUntil(() -> scheduler.requestedDelaysMillis().size() >= 4);

                broker.restart();
                scheduler.advance(Duration.ofSeconds(60));
                pumpUntil(() -> events.contains("connected 0"));
                assertThat(link.isConnected()).isTrue();

                broker.kill();
                pumpUntil(() -> events.contains("lost"));
                pumpUntil(() -> scheduler.requestedDelaysMillis().size() >= 5);
            }
            List<Long> delays = scheduler.requestedDelaysMillis();
            assertThat(delays.get(3)).as("fourth delay before success").isBetween(4_000L, 8_000L);
            assertThat(delays.get(4)).as("first delay after success").isBetween(500L, 1_000L);
        }
    }

    private final class Recorder implements FleetLink.Listener {
        @Override
        public void connected(long reconnects) {
            events.add("connected " + reconnects);
        }

        @Override
        public void connectionLost(String reason) {
            events.add("lost");
        }

        @Override
        public void messageArrived(InboundMessage message) {
            events.add("message");
        }
    }
}

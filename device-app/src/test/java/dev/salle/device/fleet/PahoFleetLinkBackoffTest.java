package dev.salle.device.fleet;

import dev.salle.testkit.FakeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PahoFleetLinkBackoffTest {

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void refusedConnectionsAreRetriedWithGrowingJitteredDelays() throws IOException {
        FakeScheduler scheduler = new FakeScheduler();
        FleetConfig config = FleetConfig.of("tcp://127.0.0.1:" + closedLoopbackPort(), "room-backoff");
        List<String> events = new CopyOnWriteArrayList<>();
        try (PahoFleetLink link = new PahoFleetLink(config, scheduler, new Random(42))) {
            link.start(OutboundMessage.of(config.topics().state(), new byte[] {'{', '}'}, true, 0),
                    new FleetLink.Listener() {
                        @Override
                        public void connected(long reconnects) {
                            events.add("connected");
                        }

                        @Override
                        public void connectionLost(String reason) {
                            events.add("lost");
                        }

                        @Override
                        public void messageArrived(InboundMessage message) {
                            events.add("message");
                        }
                    });

            for (int attempt = 1; attempt <= 5; attempt++) {
                int expected = attempt;
                scheduler.runDue();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    scheduler.runDue();
                    return scheduler.requestedDelaysMillis().size() >= expected;
                });
                scheduler.advance(Duration.ofSeconds(60));
            }

            List<Long> delays = scheduler.requestedDelaysMillis();
            long[] ceilings = {1_000, 2_000, 4_000, 8_000, 16_000};
            for (int i = 0; i < ceilings.length; i++) {
                assertThat(delays.get(i)).as("delay %d", i).isBetween(ceilings[i] / 2, ceilings[i]);
            }
            assertThat(link.isConnected()).isFalse();
            assertThat(events).isEmpty();
        }
    }
}

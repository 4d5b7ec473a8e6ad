package dev.salle.demo.broker;

import dev.salle.broker.EmbeddedMqttBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.fleet.FleetAgent;
import dev.salle.device.fleet.FleetConfig;
import dev.salle.device.fleet.PahoFleetLink;
import dev.salle.testkit.LoopbackPorts;
import dev.salle.testkit.MqttProbe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The device's fleet agent works unchanged against a second broker, HiveMQ CE embedded. */
class FleetAgentOnHiveMqTest {

    @Test
    void agentPublishesRetainedOnlineStateAndAnswersAPingWithCorrelationData() throws Exception {
        ScheduledExecutorService agentExecutor = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService linkScheduler = Executors.newSingleThreadScheduledExecutor();
        FakeRoomDevice device = new FakeRoomDevice();
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(LoopbackPorts.free());
             MqttProbe manager = new MqttProbe(broker.uri(), "manager").subscribe("salle/v1/devices/+/#")) {
            FleetConfig config = FleetConfig.of(broker.uri(), "demo-room");
            FleetAgent agent = new FleetAgent(config, new PahoFleetLink(config, linkScheduler, new Random()),
                    device, device, Clock.systemUTC(), agentExecutor);
            try {
                agent.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> manager.on(config.topics().state()).stream()
                        .anyMatch(m -> m.payload().contains("\"online\":true")));

                String replies = config.topics().repliesPrefix() + "manager/1";
                manager.request(config.topics().commands(), "{\"command\":\"ping\"}", replies,
                        "corr-9".getBytes(StandardCharsets.UTF_8));

                await().atMost(Duration.ofSeconds(20)).until(() -> !manager.on(replies).isEmpty());
                MqttProbe.Received reply = manager.on(replies).getFirst();
                assertThat(reply.payload()).contains("\"pong\":true");
                assertThat(new String(reply.correlationData(), StandardCharsets.UTF_8)).isEqualTo("corr-9");
            } finally {
                agent.close();
                agentExecutor.shutdownNow();
                linkScheduler.shutdownNow();
            }
        }
    }
}

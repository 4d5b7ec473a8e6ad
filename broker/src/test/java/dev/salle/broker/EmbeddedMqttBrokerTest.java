package dev.salle.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.testkit.LoopbackPorts;
import dev.salle.testkit.MqttProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMqttBrokerTest {

    @Test
    void aRetainedMessageCanBePublishedAndReadBackWithMqtt5() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(LoopbackPorts.free())) {
            try (MqttProbe publisher = new MqttProbe(broker.uri(), "publisher")) {
                publisher.publish("salle/v1/devices/demo/state", "{\"online\":true}", true);
            }

            try (MqttProbe reader = new MqttProbe(broker.uri(), "reader").subscribe("salle/v1/devices/+/state")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !reader.received().isEmpty());
                assertThat(reader.received()).singleElement().satisfies(m -> {
                    assertThat(m.payload()).isEqualTo("{\"online\":true}");
                    assertThat(m.retained()).isTrue();
                });
            }
        }
    }

    @Test
    void closingStopsListeningSoThePortIsFreeAgain() {
        int port = LoopbackPorts.free();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(port);

        broker.close();

        assertThat(LoopbackPorts.isFree(port)).isTrue();
    }

    @Test
    void withADataFolderARetainedMessageSurvivesARestart(@TempDir Path data) throws Exception {
        int port = LoopbackPorts.free();
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(port, Optional.of(data));
             MqttProbe publisher = new MqttProbe(broker.uri(), "publisher")) {
            publisher.publish("salle/v1/devices/demo/state", "{\"online\":false}", true);
        }

        try (EmbeddedMqttBroker again = EmbeddedMqttBroker.start(port, Optional.of(data));
             MqttProbe reader = new MqttProbe(again.uri(), "reader").subscribe("salle/v1/devices/demo/state")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !reader.received().isEmpty());
            assertThat(reader.received()).singleElement().satisfies(m -> assertThat(m.payload()).isEqualTo("{\"online\":false}"));
        }
    }

    @Test
    void afterCloseNoBrokerThreadKeepsTheJvmAlive() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(LoopbackPorts.free());

        broker.close();

        await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
                        .map(Thread::getName))
                .isEmpty());
    }
}

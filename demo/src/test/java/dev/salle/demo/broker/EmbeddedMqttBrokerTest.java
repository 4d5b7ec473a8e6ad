package dev.salle.demo.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMqttBrokerTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aRetainedMessageCanBePublishedAndReadBackWithMqtt5() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(freePort())) {
            MqttClient publisher = new MqttClient(broker.uri(), "publisher", new MemoryPersistence());
            publisher.connect();
            publisher.publish("salle/v1/devices/demo/state",
                    new MqttMessage("{\"online\":true}".getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            publisher.disconnect();
            publisher.close();

            List<String> seen = new CopyOnWriteArrayList<>();
            MqttClient reader = new MqttClient(broker.uri(), "reader", new MemoryPersistence());
            reader.setCallback(new Recorder(seen));
            reader.connect();
            reader.subscribe(new MqttSubscription[] {new MqttSubscription("salle/v1/devices/+/state", 1)});

            await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty());
            reader.disconnect();
            reader.close();
            assertThat(seen).containsExactly("{\"online\":true}");
        }
    }

    @Test
    void closingStopsListeningSoThePortIsFreeAgain() throws Exception {
        int port = freePort();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(port);

        broker.close();

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void withADataFolderARetainedMessageSurvivesARestart(@TempDir Path data) throws Exception {
        int port = freePort();
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(port, Optional.of(data))) {
            MqttClient publisher = new MqttClient(broker.uri(), "publisher", new MemoryPersistence());
            publisher.connect();
            publisher.publish("salle/v1/devices/demo/state",
                    new MqttMessage("{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            publisher.disconnect();
            publisher.close();
        }

        try (EmbeddedMqttBroker again = EmbeddedMqttBroker.start(port, Optional.of(data))) {
            List<String> seen = new CopyOnWriteArrayList<>();
            MqttClient reader = new MqttClient(again.uri(), "reader", new MemoryPersistence());
            reader.setCallback(new Recorder(seen));
            reader.connect();
            reader.subscribe(new MqttSubscription[] {new MqttSubscription("salle/v1/devices/demo/state", 1)});
            await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty());
            reader.disconnect();
            reader.close();
            assertThat(seen).containsExactly("{\"online\":false}");
        }
    }

    @Test
    void afterCloseNoBrokerThreadKeepsTheJvmAlive() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(freePort());

        broker.close();

        await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
                        .map(Thread::getName))
                .isEmpty());
    }

    private record Recorder(List<String> seen) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (message.isRetained()) {
                seen.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

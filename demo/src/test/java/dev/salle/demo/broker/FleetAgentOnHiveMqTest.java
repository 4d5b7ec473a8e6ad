package dev.salle.demo.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.fleet.FleetAgent;
import dev.salle.device.fleet.FleetConfig;
import dev.salle.device.fleet.PahoFleetLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

/** The device's fleet agent works unchanged against a second broker, HiveMQ CE embedded. */
class FleetAgentOnHiveMqTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void agentPublishesRetainedOnlineStateAndAnswersAPingWithCorrelationData() throws Exception {
        ScheduledExecutorService agentExecutor = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService linkScheduler = Executors.newSingleThreadScheduledExecutor();
        FakeRoomDevice device = new FakeRoomDevice();
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(freePort())) {
            FleetConfig config = FleetConfig.of(broker.uri(), "demo-room");
            FleetAgent agent = new FleetAgent(config, new PahoFleetLink(config, linkScheduler, new Random()),
                    device, device, Clock.systemUTC(), agentExecutor);
            List<String[]> seen = new CopyOnWriteArrayList<>();
            MqttClient manager = new MqttClient(broker.uri(), "manager", new MemoryPersistence());
            manager.setCallback(new Recorder(seen));
            manager.connect();
            manager.subscribe(new MqttSubscription[] {new MqttSubscription("salle/v1/devices/+/#", 1)});
            try {
                agent.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream()
                        .anyMatch(m -> m[0].endsWith("/state") && m[1].contains("\"online\":true")));

                MqttProperties properties = new MqttProperties();
                properties.setResponseTopic(config.topics().repliesPrefix() + "manager/1");
                properties.setCorrelationData("corr-9".getBytes(StandardCharsets.UTF_8));
                manager.publish(config.topics().commands(), new MqttMessage(
                        "{\"command\":\"ping\"}".getBytes(StandardCharsets.UTF_8), 1, false, properties));

                await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream()
                        .anyMatch(m -> m[0].endsWith("/replies/manager/1")));
                String[] reply = seen.stream().filter(m -> m[0].endsWith("/replies/manager/1")).findFirst().orElseThrow();
                assertThat(reply[1]).contains("\"pong\":true");
                assertThat(reply[2]).isEqualTo("corr-9");
            } finally {
                agent.close();
                manager.disconnect();
                manager.close();
                agentExecutor.shutdownNow();
                linkScheduler.shutdownNow();
            }
        }
    }

    /** Records {topic, payload, correlation data}. */
    private record Recorder(List<String[]> seen) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
            seen.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    correlation == null ? "" : new String(correlation, StandardCharsets.UTF_8)});
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

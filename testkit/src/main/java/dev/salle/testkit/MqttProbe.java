package dev.salle.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain Paho MQTT 5 client in the role of the fleet manager, for tests against a real broker:
 * connects with clean start, records every message it receives (topic, payload, retain flag,
 * correlation data), and publishes MQTT 5 requests. Thread-safe.
 */
public final class MqttProbe implements AutoCloseable {

    /** One received message with the properties the tests check. */
    public record Received(String topic, String payload, boolean retained, byte[] correlationData) {}

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public MqttProbe(String uri, String clientId) throws MqttException {
        this(uri, clientId, null);
    }

    /** A probe that connects over TLS with the given socket factory (its client certificate, its trust). */
    public MqttProbe(String uri, String clientId, javax.net.ssl.SSLSocketFactory tls) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                MqttProperties p = message.getProperties();
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.isRetained(), p == null ? null : p.getCorrelationData()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        client.connect(options);
    }

    public MqttProbe subscribe(String filter) throws MqttException {
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
        return this;
    }

    /** Publishes a plain message at QoS 1. */
    public void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, new MqttProperties()));
    }

    /** Publishes a command request with MQTT 5 response topic and correlation data. */
    public void request(String topic, String json, String responseTopic, byte[] correlation) throws MqttException {
        MqttProperties properties = new MqttProperties();
        if (responseTopic != null) {
            properties.setResponseTopic(responseTopic);
        }
        if (correlation != null) {
            properties.setCorrelationData(correlation);
        }
        MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, false, properties);
        client.publish(topic, message);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}

package dev.salle.fleet.monitor;

import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.registry.StateMessage;
import dev.salle.provisioning.broker.DeviceAcl;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet manager's ear and voice: one MQTT 5 connection (mutual TLS, as the fleet client)
 * subscribed to every device's retained state, telemetry and events, and sending commands. A state message (the device's own, or its will when
 * its connection was lost) updates the registry; telemetry marks the device as seen. A message on
 * a topic that is not a device's, from an id that is not one, or that does not parse, changes
 * nothing and is counted by reason.
 *
 * <p>Threading: messages are handled on Paho's callback thread, one at a time. Paho reconnects by
 * itself; after a reconnect the retained states arrive again and bring the registry up to date.
 */
public final class FleetMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetMonitor.class);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final MqttAsyncClient client;
    /** This manager's client id, also the level under each device's {@code replies/} where its commands are answered. */
    private final String clientId;
    private final SSLSocketFactory tls;
    private final String prefix;
    private final DeviceRegistry registry;
    private final dev.salle.fleet.registry.RegistryWriter writer;
    private final DeviceActivity activity = new DeviceActivity();
    private final Clock clock;
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.BiConsumer<String, com.fasterxml.jackson.databind.JsonNode>> eventListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong commands = new AtomicLong();
    /** Replies awaited, by response topic; an entry older than {@link #REPLY_WAIT} is forgotten. */
    private final Map<String, AwaitedReply> awaited = new ConcurrentHashMap<>();
    static final java.time.Duration REPLY_WAIT = java.time.Duration.ofMinutes(2);
    static final int MAX_AWAITED = 50_000;
    /**
     * A command reply larger than this is dropped as {@code bad-reply}: the protocol's 64 KiB
     * bound (a {@code snapshot}'s JPEG or {@code collect-logs}' lines take up to about 48 KiB).
     */
    public static final int MAX_REPLY_BYTES = 64 * 1024;
    /** A command waits at most this many times {@link #WINDOW_WAIT_MILLIS} for the broker's in-flight window. */
    static final int MAX_WINDOW_WAITS = 1000;
    static final long WINDOW_WAIT_MILLIS = 5;

    private record AwaitedReply(java.time.Instant sentAt, java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> handler) {}

    /**
     * @param brokerUri Paho's form, {@code ssl://host:port}
     * @param clientId this manager's client id (its certificate's CN is what the broker's ACL uses)
     */
    public FleetMonitor(String brokerUri, String clientId, SSLSocketFactory tls, String prefix, DeviceRegistry registry,
                        Clock clock) {
        this.tls = Objects.requireNonNull(tls, "tls");
        if (clientId == null || !DEVICE_ID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("the fleet manager's client id '" + clientId
                    + "' must be 1-64 of A-Z a-z 0-9 . _ - (it is also a topic level)");
        }
        this.clientId = clientId;
        this.prefix = DeviceAcl.requirePrefix(prefix);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.writer = new dev.salle.fleet.registry.RegistryWriter(registry, java.time.Duration.ofMillis(100),
                java.time.Duration.ofSeconds(5));
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot make an MQTT client for " + brokerUri + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    /**
     * Reads each device's last stored health report back, to show until the device reports
     * again. A stored value that is not a JSON object is counted ({@code bad-stored-health}) and
     * skipped. {@link #start()} does it first.
     *
     * @return how many reports were read back
     */
    int restoreHealth() {
        int restored = 0;
        for (DeviceRegistry.HealthAt h : registry.storedHealth()) {
            com.fasterxml.jackson.databind.JsonNode node;
            try {
                node = h.report() == null ? null : EVENTS.readTree(h.report());
            } catch (java.io.IOException e) {
                node = null;
            }
            if (node == null || !node.isObject() || !DEVICE_ID.matcher(String.valueOf(h.id())).matches()) {
                drop("bad-stored-health", "the stored health of " + h.id() + " is not a telemetry object");
                continue;
            }
            activity.restored(h.id(), node, h.at());
            restored++;
        }
        long bad = dropped.getOrDefault("bad-stored-health", new AtomicLong()).get();
        if (bad > 0) {
            log.warn("{} stored health reports could not be read and were skipped; those devices show unknown until they"
                    + " report again", bad);
        }
        return restored;
    }

    /** Reads the stored health back ({@link #restoreHealth()}), connects and subscribes; waits at most 20 s. */
    public void start() {
        try {
            int restored = restoreHealth();
            if (restored > 0) {
                log.info("{} devices' last health read back; shown as last known until they report again", restored);
            }
        } catch (RuntimeException e) {
            log.warn("the stored device health could not be read; devices show unknown until they report: {}", e.getMessage());
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls);
        options.setHttpsHostnameVerificationEnabled(true);
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(30);
        try {
            client.connect(options).waitForCompletion(20_000);
            subscribe().waitForCompletion(20_000);
        } catch (MqttException e) {
            throw new IllegalStateException("the fleet manager cannot connect to its broker: " + e.getMessage(), e);
        }
        log.info("fleet monitor connected; watching {}/devices/+/state and telemetry", prefix);
    }

    private IMqttToken subscribe() throws MqttException {
        return client.subscribe(new MqttSubscription[] {
                new MqttSubscription(prefix + "/devices/+/state", 1),
                new MqttSubscription(prefix + "/devices/+/telemetry", 0),
                new MqttSubscription(prefix + "/devices/+/events", 1),
                new MqttSubscription(prefix + "/devices/+/replies/" + clientId + "/#", 1)}, null, null, new MqttProperties());
    }

    /** Messages dropped, by reason. */
    public Map<String, Long> dropped() {
        Map<String, Long> out = new TreeMap<>();
        dropped.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void handle(String topic, byte[] payload) {
        String devices = prefix + "/devices/";
        if (!topic.startsWith(devices)) {
            drop("foreign-topic", topic);
            return;
        }
        String[] rest = topic.substring(devices.length()).split("/", -1);
        if (rest.length == 4 && rest[1].equals("replies") && rest[2].equals(clientId)) {
            reply(topic, payload);
            return;
        }
        if (rest.length != 2 || !DEVICE_ID.matcher(rest[0]).matches()) {
            drop("bad-device-topic", topic);
            return;
        }
        switch (rest[1]) {
            case "state" -> {
                if (payload.length == 0) {
                    drop("empty-state", topic); // a cleared retained message: nothing to record
                    return;
                }
                try {
                    writer.state(rest[0], StateMessage.parse(payload), clock.instant());
                } catch (IllegalArgumentException e) {
                    drop("bad-state", topic + ": " + e.getMessage());
                }
            }
            case "telemetry" -> telemetry(rest[0], topic, payload);
            case "events" -> event(rest[0], topic, payload);
            default -> drop("unexpected-kind", topic);
        }
    }

    /** A new topic under the device's {@code replies/} where this manager awaits the answer to one command. */
    private String replyTopic(String deviceId) {
        return prefix + "/devices/" + deviceId + "/replies/" + clientId + "/" + commands.incrementAndGet();
    }

    /** Stops calling a listener given to {@link #addEventListener}. */
    public void removeEventListener(java.util.function.BiConsumer<String, com.fasterxml.jackson.databind.JsonNode> listener) {
        eventListeners.remove(listener);
    }

    /** Called with (device id, event) for every well-formed event, on Paho's callback thread. */
    public void addEventListener(java.util.function.BiConsumer<String, com.fasterxml.jackson.databind.JsonNode> listener) {
        eventListeners.add(listener);
    }

    /**
     * Sends a command request to a device ({@code docs/fleet-protocol.md}): QoS 1, not retained,
     * with a response topic under the device's {@code replies/}.
     */
    public void sendCommand(String deviceId, String json) {
        send(deviceId, json, replyTopic(deviceId));
    }

    /**
     * Sends a command request as {@link #sendCommand(String, String)} does, and calls
     * {@code onReply} with the device's reply ({@code {"ok":…}}) on Paho's callback thread, once.
     * A reply that does not come within {@link #REPLY_WAIT} is forgotten; the caller keeps its own
     * deadline.
     */
    public void sendCommand(String deviceId, String json, java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> onReply) {
        String topic = replyTopic(deviceId);
        java.time.Instant now = clock.instant();
        if (awaited.size() >= MAX_AWAITED) {
            awaited.values().removeIf(a -> a.sentAt().plus(REPLY_WAIT).isBefore(now));
        }
        awaited.put(topic, new AwaitedReply(now, onReply));
        try {
            send(deviceId, json, topic);
        } catch (RuntimeException e) {
            awaited.remove(topic);
            throw e;
        }
    }

    private void reply(String topic, byte[] payload) {
        AwaitedReply a = awaited.remove(topic);
        if (a == null) {
            drop("unexpected-reply", topic);
            return;
        }
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = payload.length > MAX_REPLY_BYTES ? null : EVENTS.readTree(payload);
        } catch (java.io.IOException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.path("ok").isBoolean()) {
            drop("bad-reply", topic);
            node = EVENTS.createObjectNode().put("ok", false).set("error", EVENTS.createObjectNode()
                    .put("code", "malformed-reply").put("message", "the device's reply was not a protocol reply"));
        }
        try {
            a.handler().accept(node);
        } catch (RuntimeException e) {
            log.warn("a reply handler failed on {}", topic, e);
        }
    }

    private void send(String deviceId, String json, String responseTopic) {
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("'" + deviceId + "' is not a device id");
        }
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setMessageExpiryInterval(3600L);
        MqttMessage message = new MqttMessage(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false, properties);
        for (int attempt = 0; ; attempt++) {
            try {
                client.publish(prefix + "/devices/" + deviceId + "/cmd", message);
                return;
            } catch (MqttException e) {
                // the broker's receive maximum bounds our unacknowledged QoS 1 publishes (10 on
                // HiveMQ, 20 on Mosquitto): wait for the window rather than fail a fan-out to many
                if (e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT
                        && attempt < MAX_WINDOW_WAITS) {
                    try {
                        Thread.sleep(WINDOW_WAIT_MILLIS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while sending a command to " + deviceId, interrupted);
                    }
                    continue;
                }
                throw new IllegalStateException("cannot send a command to " + deviceId + ": " + e.getMessage(), e);
            }
        }
    }

    /** What the fleet heard from each device lately (telemetry, events), for the console. */
    public DeviceActivity activity() {
        return activity;
    }

    private void telemetry(String deviceId, String topic, byte[] payload) {
        writer.seen(deviceId, clock.instant());
        if (payload.length > StateMessage.MAX_BYTES) {
            drop("oversized-telemetry", topic);
            return;
        }
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = EVENTS.readTree(payload);
        } catch (java.io.IOException e) {
            drop("bad-telemetry", topic);
            return;
        }
        if (node == null || !node.isObject()) {
            drop("bad-telemetry", topic);
            return;
        }
        java.time.Instant at = clock.instant();
        activity.telemetry(deviceId, node, at);
        writer.health(deviceId, new String(payload, java.nio.charset.StandardCharsets.UTF_8), at); // checked above: a JSON object
    }

    private void event(String deviceId, String topic, byte[] payload) {
        if (payload.length > StateMessage.MAX_BYTES) {
            drop("oversized-event", topic);
            return;
        }
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = EVENTS.readTree(payload);
        } catch (java.io.IOException e) {
            drop("bad-event", topic);
            return;
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual() || !node.path("details").isObject()) {
            drop("bad-event", topic);
            return;
        }
        writer.seen(deviceId, clock.instant());
        activity.event(deviceId, node, clock.instant());
        for (var l : eventListeners) {
            l.accept(deviceId, node);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper EVENTS = new com.fasterxml.jackson.databind.ObjectMapper();

    private void drop(String reason, String detail) {
        dropped.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
        log.debug("dropped a fleet message ({}): {}", reason, detail);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            log.debug("closing the fleet monitor: {}", e.getMessage());
        }
        writer.close();
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.warn("fleet monitor lost its broker: {}", response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("fleet monitor MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                handle(topic, message.getPayload());
            } catch (RuntimeException e) {
                drop("failed", topic + ": " + e.getMessage());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                try {
                    subscribe(); // not waited for: this is Paho's callback thread
                } catch (MqttException e) {
                    log.warn("fleet monitor could not subscribe again after reconnecting: {}", e.getMessage());
                }
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}

package dev.salle.device.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the fleet agent, validated on construction.
 *
 * @param brokerUri where the fleet broker listens: {@code mqtts://host:port} (mutual TLS with the
 *     device's enrolled certificate), or {@code tcp://host:port} (plain, for a development broker)
 * @param deviceId this device's id, also the MQTT client id and its topic segment
 * @param topicPrefix versioned prefix of every topic, e.g. {@code salle/v1}
 * @param telemetryInterval time between two telemetry messages
 * @param outboxCapacity how many telemetry messages are kept while offline (newest win)
 * @param keepAlive MQTT keepalive; the broker declares the device lost after 1.5 times this
 */
public record FleetConfig(
        URI brokerUri,
        String deviceId,
        String topicPrefix,
        Duration telemetryInterval,
        int outboxCapacity,
        Duration keepAlive) {

    public static final String DEFAULT_TOPIC_PREFIX = "salle/v1";
    public static final Duration DEFAULT_TELEMETRY_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_OUTBOX_CAPACITY = 100;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    public FleetConfig {
        Objects.requireNonNull(brokerUri, "fleet.brokerUri is required: give mqtts://host:port");
        if (!("tcp".equals(brokerUri.getScheme()) || "mqtts".equals(brokerUri.getScheme()))
                || brokerUri.getHost() == null || brokerUri.getPort() < 1) {
            throw new IllegalArgumentException("fleet.brokerUri '" + brokerUri
                    + "' is not allowed: use mqtts://host:port (mutual TLS) or tcp://host:port (plain, development),"
                    + " with an explicit port");
        }
        if (brokerUri.getUserInfo() != null) {
            throw new IllegalArgumentException("fleet.brokerUri must not carry credentials (user info given for host "
                    + brokerUri.getHost() + "): the device authenticates with its certificate");
        }
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("fleet.deviceId '" + deviceId
                    + "' is not allowed: use 1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
        if (topicPrefix == null || !TOPIC_PREFIX.matcher(topicPrefix).matches()) {
            throw new IllegalArgumentException("fleet.topicPrefix '" + topicPrefix
                    + "' is not allowed: use slash-separated segments of A-Z a-z 0-9 . _ - (default "
                    + DEFAULT_TOPIC_PREFIX + ")");
        }
        requireRange("fleet.telemetryInterval", telemetryInterval, Duration.ofMillis(100), Duration.ofDays(1));
        requireRange("fleet.keepAlive", keepAlive, Duration.ofSeconds(1), Duration.ofSeconds(65_535));
        if (outboxCapacity < 0 || outboxCapacity > 100_000) {
            throw new IllegalArgumentException("fleet.outboxCapacity " + outboxCapacity
                    + " is not allowed: use 0 to 100000 (default " + DEFAULT_OUTBOX_CAPACITY + ")");
        }
    }

    /** Settings with every default, for a broker and a device id. */
    public static FleetConfig of(String brokerUri, String deviceId) {
        return new FleetConfig(URI.create(brokerUri), deviceId, DEFAULT_TOPIC_PREFIX,
                DEFAULT_TELEMETRY_INTERVAL, DEFAULT_OUTBOX_CAPACITY, DEFAULT_KEEP_ALIVE);
    }

    public FleetConfig withTelemetryInterval(Duration interval) {
        return new FleetConfig(brokerUri, deviceId, topicPrefix, interval, outboxCapacity, keepAlive);
    }

    public FleetConfig withOutboxCapacity(int capacity) {
        return new FleetConfig(brokerUri, deviceId, topicPrefix, telemetryInterval, capacity, keepAlive);
    }

    public FleetConfig withKeepAlive(Duration newKeepAlive) {
        return new FleetConfig(brokerUri, deviceId, topicPrefix, telemetryInterval, outboxCapacity, newKeepAlive);
    }

    public FleetConfig withTopicPrefix(String prefix) {
        return new FleetConfig(brokerUri, deviceId, prefix, telemetryInterval, outboxCapacity, keepAlive);
    }

    /** Whether the broker is reached over mutual TLS ({@code mqtts://}). */
    public boolean tls() {
        return "mqtts".equals(brokerUri.getScheme());
    }

    /** The broker's address as Paho spells it: {@code ssl://} for TLS. */
    String pahoUri() {
        return (tls() ? "ssl" : "tcp") + "://" + brokerUri.getRawAuthority();
    }

    /** The topics of this device. */
    public FleetTopics topics() {
        return new FleetTopics(topicPrefix, deviceId);
    }

    private static void requireRange(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " " + value + " is not allowed: use " + min + " to " + max);
        }
    }
}

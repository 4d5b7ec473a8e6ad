package dev.salle.device.fleet;

import java.util.Objects;
import java.util.Optional;

/**
 * A message the device publishes.
 *
 * @param topic where to publish
 * @param payload the bytes, usually UTF-8 JSON
 * @param qos 0, 1 or 2
 * @param retained whether the broker keeps it as the topic's current value
 * @param expirySeconds MQTT 5 message expiry interval, 0 for none
 * @param correlationData MQTT 5 correlation data to echo in a reply, if any
 */
public record OutboundMessage(
        String topic, byte[] payload, int qos, boolean retained, long expirySeconds,
        Optional<byte[]> correlationData) {

    public OutboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(correlationData, "correlationData");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos " + qos + " is not an MQTT QoS: use 0, 1 or 2");
        }
    }

    /** A QoS 1 message without correlation data. */
    public static OutboundMessage of(String topic, byte[] payload, boolean retained, long expirySeconds) {
        return new OutboundMessage(topic, payload, 1, retained, expirySeconds, Optional.empty());
    }
}

package dev.salle.device.fleet;

import java.util.Objects;
import java.util.Optional;

/**
 * A message the device received on a subscribed topic.
 *
 * @param topic the topic it arrived on
 * @param payload its bytes, unchecked
 * @param responseTopic the MQTT 5 response topic, when the sender set one
 * @param correlationData the MQTT 5 correlation data, when the sender set one
 */
public record InboundMessage(
        String topic, byte[] payload, Optional<String> responseTopic, Optional<byte[]> correlationData) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(responseTopic, "responseTopic");
        Objects.requireNonNull(correlationData, "correlationData");
    }
}

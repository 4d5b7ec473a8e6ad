package dev.salle.device.fleet;

/**
 * The MQTT topics of one device: {@code {prefix}/devices/{deviceId}/…}.
 *
 * @param prefix versioned topic prefix, e.g. {@code salle/v1}
 * @param deviceId the device's id
 */
public record FleetTopics(String prefix, String deviceId) {

    public String base() {
        return prefix + "/devices/" + deviceId;
    }

    /** Retained online/offline state. */
    public String state() {
        return base() + "/state";
    }

    public String telemetry() {
        return base() + "/telemetry";
    }

    public String events() {
        return base() + "/events";
    }

    /** Where the fleet publishes command requests; the device subscribes. */
    public String commands() {
        return base() + "/cmd";
    }

    /** Every response topic must start with this, so the per-device ACL can allow it. */
    public String repliesPrefix() {
        return base() + "/replies/";
    }

    /** True when a requester's response topic may be answered by this device. */
    public boolean isReplyTopic(String topic) {
        return topic.startsWith(repliesPrefix())
                && topic.length() > repliesPrefix().length()
                && topic.indexOf('+') < 0
                && topic.indexOf('#') < 0;
    }
}

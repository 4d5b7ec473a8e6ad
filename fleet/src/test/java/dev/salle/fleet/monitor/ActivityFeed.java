package dev.salle.fleet.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Feeds a {@link DeviceActivity} as the monitor does when telemetry arrives, for tests of what reads it. */
public final class ActivityFeed {

    private ActivityFeed() {
    }

    public static void telemetry(DeviceActivity activity, String deviceId, JsonNode message, Instant at) {
        activity.telemetry(deviceId, message, at);
    }

    /** As the monitor does when an event arrives (the listeners are not called). */
    public static void event(DeviceActivity activity, String deviceId, JsonNode event, Instant at) {
        activity.event(deviceId, event, at);
    }

    /** As the monitor does at start with a device's last stored telemetry. */
    public static void restored(DeviceActivity activity, String deviceId, JsonNode message, Instant at) {
        activity.restored(deviceId, message, at);
    }
}

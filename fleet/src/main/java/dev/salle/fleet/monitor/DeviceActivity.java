package dev.salle.fleet.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fleet heard from each device lately, in memory: its latest telemetry and its last
 * {@value #EVENTS_KEPT} events. For the console's device page; the registry keeps the durable
 * part, and each device's last telemetry, read back at start, stands until the device reports again. Bounded: at most {@value #MAX_DEVICES} devices (beyond that, new ones are not tracked).
 * Thread-safe.
 */
public final class DeviceActivity {

    static final int EVENTS_KEPT = 20;
    static final int MAX_DEVICES = 100_000;

    /**
     * A message as received, with when the fleet received it.
     *
     * @param restored whether it was read back from the database at start: heard before the fleet
     *     manager (re)started, and not since
     */
    public record Heard(Instant at, JsonNode message, boolean restored) {

        public Heard(Instant at, JsonNode message) {
            this(at, message, false);
        }
    }

    private final Map<String, Heard> telemetry = new ConcurrentHashMap<>();
    private final Map<String, Deque<Heard>> events = new ConcurrentHashMap<>();

    void telemetry(String deviceId, JsonNode message, Instant at) {
        if (telemetry.size() < MAX_DEVICES || telemetry.containsKey(deviceId)) {
            telemetry.put(deviceId, new Heard(at, message));
        }
    }

    /** A device's last telemetry from before the start, kept only until the device reports again. */
    void restored(String deviceId, JsonNode message, Instant at) {
        if (telemetry.size() < MAX_DEVICES) {
            telemetry.putIfAbsent(deviceId, new Heard(at, message, true));
        }
    }

    void event(String deviceId, JsonNode event, Instant at) {
        if (events.size() >= MAX_DEVICES && !events.containsKey(deviceId)) {
            return;
        }
        Deque<Heard> recent = events.computeIfAbsent(deviceId, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addFirst(new Heard(at, event));
            while (recent.size() > EVENTS_KEPT) {
                recent.removeLast();
            }
        }
    }

    /**
     * The device's latest telemetry message: one that arrived since the fleet started, or else the
     * last one stored before ({@link Heard#restored()}).
     */
    public Optional<Heard> latestTelemetry(String deviceId) {
        return Optional.ofNullable(telemetry.get(deviceId));
    }

    /** The device's recent events, newest first. */
    public List<Heard> recentEvents(String deviceId) {
        Deque<Heard> recent = events.get(deviceId);
        if (recent == null) {
            return List.of();
        }
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}

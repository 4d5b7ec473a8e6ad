package dev.salle.fleet.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.monitor.FleetMonitor;
import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every online device to what the layers say for it. At each {@link #tick()} it works out
 * each online device's values, and sends {@code set-config} to a device whose last accepted values
 * differ (at most {@link #MAX_IN_FLIGHT} at a time, each awaited at most {@link #REPLY_TIMEOUT}).
 * A device that was offline gets its values on the first tick after it returns. A refusal is kept
 * with the values' hash and not retried until the layers change for that device. Ticks run on one
 * thread; replies arrive on the monitor's.
 */
public final class ConfigPusher {

    private static final Logger log = LoggerFactory.getLogger(ConfigPusher.class);
    static final int MAX_IN_FLIGHT = 1000;
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigLayers layers;
    private final DeviceRegistry registry;
    private final FleetMonitor monitor;
    private final Clock clock;
    private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
    /** Accepted values gathered from replies, written in one transaction at the next pass. */
    private final Map<String, Map<String, String>> accepted = new ConcurrentHashMap<>();

    public ConfigPusher(ConfigLayers layers, DeviceRegistry registry, FleetMonitor monitor, Clock clock) {
        this.layers = layers;
        this.registry = registry;
        this.monitor = monitor;
        this.clock = clock;
    }

    /** One pass over the online devices; returns how many were sent new values. */
    public int tick() {
        Instant now = clock.instant();
        writeAccepted(now);
        inFlight.values().removeIf(sent -> sent.plus(REPLY_TIMEOUT).isBefore(now));
        List<LayeredValue> all = layers.all();
        Map<String, DeviceConfigStatus> statuses = layers.statuses();
        int sent = 0;
        for (DeviceRecord device : registry.devices(Optional.empty())) {
            if (!device.online() || inFlight.containsKey(device.id())) {
                continue;
            }
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                break; // the rest on the next tick
            }
            Map<String, String> wanted = LayerResolution.values(
                    LayerResolution.effective(all, device.id(), device.site(), device.room()));
            String hash = LayerResolution.hash(wanted);
            DeviceConfigStatus status = statuses.getOrDefault(device.id(), DeviceConfigStatus.NONE);
            if (hash.equals(status.appliedHash()) || status.errorHash().filter(hash::equals).isPresent()) {
                continue;
            }
            Map<String, String> changes = LayerResolution.changes(wanted, status.applied());
            if (changes.isEmpty()) {
                layers.recordApplied(device.id(), wanted, now);
                continue;
            }
            send(device.id(), wanted, hash, changes, now);
            sent++;
        }
        return sent;
    }

    private void writeAccepted(Instant now) {
        if (accepted.isEmpty()) {
            return;
        }
        Map<String, Map<String, String>> batch = new java.util.HashMap<>();
        for (String id : List.copyOf(accepted.keySet())) {
            Map<String, String> values = accepted.remove(id);
            if (values != null) {
                batch.put(id, values);
            }
        }
        layers.recordAppliedAll(batch, now);
        batch.keySet().forEach(inFlight::remove);
        if (batch.size() > 1) {
            log.info("{} devices applied their configuration", batch.size());
        } else {
            batch.keySet().forEach(id -> log.info("{} applied its configuration", id));
        }
    }

    private void send(String deviceId, Map<String, String> wanted, String hash, Map<String, String> changes, Instant now) {
        ObjectNode request = JSON.createObjectNode().put("command", "set-config");
        ObjectNode c = request.putObject("args").putObject("changes");
        changes.forEach(c::put);
        inFlight.put(deviceId, now);
        try {
            monitor.sendCommand(deviceId, request.toString(), reply -> replied(deviceId, wanted, hash, reply));
            log.info("configuration {} sent to {}: {} keys", hash, deviceId, changes.size());
        } catch (RuntimeException e) {
            inFlight.remove(deviceId);
            log.warn("cannot send the configuration to {}: {}", deviceId, e.getMessage());
        }
    }

    private void replied(String deviceId, Map<String, String> wanted, String hash, JsonNode reply) {
        try {
            Instant now = clock.instant();
            if (reply.path("ok").asBoolean(false)) {
                accepted.put(deviceId, wanted);
                log.debug("{} applied configuration {}", deviceId, hash);
            } else {
                JsonNode error = reply.path("error");
                String message = error.path("code").asText("error") + ": " + error.path("message").asText("");
                layers.recordError(deviceId, hash, message, now);
                log.warn("{} refused configuration {}: {}", deviceId, hash, message);
            }
        } finally {
            if (!accepted.containsKey(deviceId)) {
                inFlight.remove(deviceId); // an accepted one stays in flight until written, so it is not sent again
            }
        }
    }
}

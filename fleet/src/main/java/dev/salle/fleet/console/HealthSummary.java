package dev.salle.fleet.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.monitor.DeviceActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A device's health as the console shows it, from its latest telemetry: {@code ok} when the
 * camera, microphone and display it reports are all present, its network link is up and, in a
 * call, the call's quality is not {@code poor}; {@code problem} naming what is wrong
 * ({@code camera}, {@code microphone}, {@code display}, {@code network}, {@code call-quality});
 * {@code unknown} without telemetry (or without any of those in it). Telemetry stored before the
 * fleet manager started, and not replaced since, still gives the status, marked {@code lastKnown}
 * with its age. The device list and the device page use the same summary, so a filter on health picks what
 * the device page says. Stateless.
 */
final class HealthSummary {

    /** What the status depends on: the telemetry's booleans of these names ({@code docs/fleet-protocol.md}). */
    static final List<String> PARTS = List.of("camera", "microphone", "display");
    static final String OK = "ok";
    static final String PROBLEM = "problem";
    static final String UNKNOWN = "unknown";

    private HealthSummary() {
    }

    /**
     * {@code {"status", "problems": [part…]}}, for the device list; with
     * {@code "lastKnown": {"at", "ageSeconds"}} when the telemetry is the last one stored before
     * the fleet manager started, not heard since.
     */
    static ObjectNode brief(Optional<DeviceActivity.Heard> telemetry, Instant now) {
        ObjectNode health = JsonNodeFactory.instance.objectNode();
        var problems = health.put("status", UNKNOWN).putArray("problems");
        if (telemetry.isEmpty()) {
            return health;
        }
        if (telemetry.get().restored()) {
            health.putObject("lastKnown").put("at", telemetry.get().at().toString())
                    .put("ageSeconds", Math.max(0, Duration.between(telemetry.get().at(), now).toSeconds()));
        }
        JsonNode t = telemetry.get().message();
        boolean any = false;
        for (String part : PARTS) {
            if (t.has(part)) {
                any = true;
                if (!t.get(part).asBoolean()) {
                    problems.add(part);
                }
            }
        }
        JsonNode network = t.path("network");
        if (network.isObject()) {
            any = true;
            if (!network.path("defaultRoute").asBoolean(true) || !network.path("up").asBoolean(true)) {
                problems.add("network");
            }
        }
        Optional<JsonNode> call = callQuality(t);
        if (call.isPresent()) {
            any = true;
            if ("poor".equals(call.get().path("rating").asText())) {
                problems.add("call-quality");
            }
        }
        if (any) {
            health.put("status", problems.isEmpty() ? OK : PROBLEM);
        }
        return health;
    }

    /** The brief summary plus each part's state, the CPU load, the network link and the call's quality, for the device page. */
    static ObjectNode full(Optional<DeviceActivity.Heard> telemetry, Instant now) {
        ObjectNode health = brief(telemetry, now);
        telemetry.ifPresent(heard -> {
            JsonNode t = heard.message();
            for (String part : PARTS) {
                if (t.has(part)) {
                    health.put(part, t.get(part).asBoolean());
                }
            }
            if (t.has("cpuPercent")) {
                health.put("cpuPercent", t.get("cpuPercent").asDouble());
            }
            if (t.path("network").isObject()) {
                health.set("network", t.get("network").deepCopy());
            }
            callQuality(t).ifPresent(q -> health.set("callQuality", q.deepCopy()));
        });
        return health;
    }

    /** The call's quality when the telemetry says the room is in a call: a figure left from an ended call is not health. */
    private static Optional<JsonNode> callQuality(JsonNode telemetry) {
        JsonNode q = telemetry.path("callQuality");
        return q.isObject() && "in_call".equals(telemetry.path("call").asText()) ? Optional.of(q) : Optional.empty();
    }
}

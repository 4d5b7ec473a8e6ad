package dev.salle.fleet.console;

import static dev.salle.fleet.console.ConsoleServer.JSON;
import static dev.salle.fleet.console.ConsoleServer.body;
import static dev.salle.fleet.console.ConsoleServer.error;
import static dev.salle.fleet.console.ConsoleServer.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigScope;
import dev.salle.fleet.config.DeviceConfigStatus;
import dev.salle.fleet.config.LayerRefusedException;
import dev.salle.fleet.config.LayerResolution;
import dev.salle.fleet.config.LayeredValue;
import dev.salle.fleet.console.ConsoleSessions.Session;
import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The console's configuration endpoints: every layered value, one layer set or unset all or
 * nothing, and one device's values with the layer each comes from and whether the device has
 * them. Thread-safe.
 */
final class ConfigEndpoints {

    private final ConfigLayers layers;
    private final DeviceRegistry registry;
    private final ConsoleStore store;
    private final Clock clock;

    ConfigEndpoints(ConfigLayers layers, DeviceRegistry registry, ConsoleStore store, Clock clock) {
        this.layers = layers;
        this.registry = registry;
        this.store = store;
        this.clock = clock;
    }

    ObjectNode layerList() {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("layers");
        for (LayeredValue v : layers.all()) {
            list.addObject().put("scope", v.scope().toString()).put("key", v.key()).put("value", v.value())
                    .put("updatedBy", v.updatedBy()).put("updatedAt", v.updatedAt().toString());
        }
        return o;
    }

    boolean setConfig(Session s, Request request, Response response, Callback callback) throws IOException {
        JsonNode b = body(request, Set.of("scope", "set", "unset"));
        if (b == null || !b.path("scope").isTextual() || (!b.has("set") && !b.has("unset"))
                || (b.has("set") && !b.get("set").isObject()) || (b.has("unset") && !b.get("unset").isArray())) {
            return error(response, callback, 400, "malformed_request",
                    "send {\"scope\": \"site=Lyon\", \"set\": {\"call.join-timeout\": \"30s\"}, \"unset\": [\"call.error-hold\"]}");
        }
        String scopeText = b.get("scope").asText();
        try {
            ConfigScope scope = ConfigScope.parse(scopeText);
            Map<String, String> set = new java.util.TreeMap<>();
            for (var e : b.path("set").properties()) {
                if (!e.getValue().isTextual() && !e.getValue().isNumber() && !e.getValue().isBoolean()) {
                    throw new LayerRefusedException(e.getKey(), "the value of '" + e.getKey() + "' must be a string, a number or a boolean");
                }
                set.put(e.getKey(), e.getValue().asText());
            }
            java.util.List<String> unset = new java.util.ArrayList<>();
            for (JsonNode k : b.path("unset")) {
                if (!k.isTextual()) {
                    throw new IllegalArgumentException("'unset' must list keys as strings");
                }
                unset.add(k.asText());
            }
            if (!set.isEmpty()) {
                layers.set(scope, set, s.user(), clock.instant());
            }
            java.util.List<String> removed = unset.isEmpty() ? java.util.List.of() : layers.unset(scope, unset);
            store.audit(clock.instant(), s.user(), "config.set", scope.toString(), "ok: " + (set.isEmpty() ? "" : "set " + set)
                    + (removed.isEmpty() ? "" : (set.isEmpty() ? "" : ", ") + "unset " + removed));
            ObjectNode out = JSON.createObjectNode().put("scope", scope.toString()).put("set", set.size());
            removed.forEach(out.putArray("unset")::add);
            return reply(response, callback, 200, out);
        } catch (LayerRefusedException e) {
            store.audit(clock.instant(), s.user(), "config.set", scopeText, "refused: " + e.getMessage());
            ObjectNode out = JSON.createObjectNode().put("error", "refused").put("key", e.key()).put("message", e.getMessage());
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return reply(response, callback, 400, out);
        } catch (IllegalArgumentException e) {
            store.audit(clock.instant(), s.user(), "config.set", scopeText, "refused: " + e.getMessage());
            return error(response, callback, 400, "refused", e.getMessage());
        }
    }

    boolean deviceConfig(String id, Response response, Callback callback) {
        Optional<DeviceRecord> record = id == null ? Optional.empty() : registry.device(id);
        if (record.isEmpty()) {
            return error(response, callback, 404, "unknown_device", "no device '" + id + "' in the registry");
        }
        DeviceRecord d = record.get();
        Map<String, LayeredValue> effective = LayerResolution.effective(layers.all(), d.id(), d.site(), d.room());
        DeviceConfigStatus status = layers.status(d.id());
        ObjectNode o = JSON.createObjectNode().put("id", d.id()).put("online", d.online());
        ArrayNode values = o.putArray("values");
        for (LayeredValue v : effective.values()) {
            values.addObject().put("key", v.key()).put("value", v.value()).put("from", v.scope().toString())
                    .put("onDevice", v.value().equals(status.applied().get(v.key())));
        }
        o.put("inSync", LayerResolution.hash(LayerResolution.values(effective)).equals(status.appliedHash()));
        status.error().ifPresent(e -> o.put("error", e));
        return reply(response, callback, 200, o);
    }
}

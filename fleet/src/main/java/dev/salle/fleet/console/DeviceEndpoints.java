package dev.salle.fleet.console;

import static dev.salle.fleet.console.ConsoleServer.JSON;
import static dev.salle.fleet.console.ConsoleServer.body;
import static dev.salle.fleet.console.ConsoleServer.error;
import static dev.salle.fleet.console.ConsoleServer.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.console.ConsoleSessions.Session;
import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The console's device endpoints: the filtered, paged device list with each device's health, a
 * device's page (latest telemetry, health, recent events) and the commands an operator may send
 * one. Stateless beyond what it is given; thread-safe.
 */
final class DeviceEndpoints {

    private final DeviceRegistry registry;
    private final Optional<FleetLive> live;
    private final ConsoleStore store;
    private final Clock clock;

    DeviceEndpoints(DeviceRegistry registry, Optional<FleetLive> live, ConsoleStore store, Clock clock) {
        this.registry = registry;
        this.live = live;
        this.store = store;
        this.clock = clock;
    }

    static final java.util.regex.Pattern DEVICE_PAGE =
            java.util.regex.Pattern.compile("/api/devices/([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
    static final java.util.regex.Pattern DEVICE_COMMAND =
            java.util.regex.Pattern.compile("/api/devices/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/commands");
    /**
     * The commands an operator may send from the console; the rest (update, set-config, factory-reset) have their own
     * paths. {@code snapshot} shows what the room's screen shows, so like the others it needs an operator.
     */
    static final Set<String> CONSOLE_COMMANDS = Set.of("identify", "restart", "join", "leave", "ping", "snapshot", "collect-logs");

    boolean device(String path, Response response, Callback callback) {
        var m = DEVICE_PAGE.matcher(path);
        m.matches();
        Optional<DeviceRecord> record = registry.device(m.group(1));
        if (record.isEmpty()) {
            return error(response, callback, 404, "unknown_device", "no device '" + m.group(1) + "' in the registry");
        }
        DeviceRecord d = record.get();
        ObjectNode o = deviceJson(d);
        live.ifPresent(l -> {
            var telemetry = l.activity().latestTelemetry(d.id());
            telemetry.ifPresent(t -> {
                o.put("telemetryAt", t.at().toString());
                o.set("telemetry", t.message());
            });
            o.set("health", HealthSummary.full(telemetry, clock.instant()));
            ArrayNode events = o.putArray("events");
            for (var e : l.activity().recentEvents(d.id())) {
                events.addObject().put("at", e.at().toString()).put("type", e.message().path("type").asText())
                        .set("details", e.message().path("details"));
            }
        });
        return reply(response, callback, 200, o);
    }

    boolean deviceCommand(Session s, String path, Request request, Response response, Callback callback)
            throws IOException {
        var m = DEVICE_COMMAND.matcher(path);
        m.matches();
        String id = m.group(1);
        JsonNode b = body(request, Set.of("command", "args"));
        if (b == null || !b.path("command").isTextual() || (b.has("args") && !b.get("args").isObject())) {
            return error(response, callback, 400, "malformed_request", "send {\"command\": \"identify\"} (and \"args\" as an object)");
        }
        String command = b.get("command").asText();
        if (!CONSOLE_COMMANDS.contains(command)) {
            store.audit(clock.instant(), s.user(), "device.command", id, "refused: unknown command '" + command + "'");
            return error(response, callback, 400, "unknown_command", "the console sends " + new java.util.TreeSet<>(CONSOLE_COMMANDS)
                    + "; updates go through rollouts and settings through the configuration layers");
        }
        Optional<DeviceRecord> record = registry.device(id);
        if (record.isEmpty()) {
            return error(response, callback, 404, "unknown_device", "no device '" + id + "' in the registry");
        }
        if (!record.get().online()) {
            store.audit(clock.instant(), s.user(), "device.command", id, "refused: " + command + ", the device is offline");
            return error(response, callback, 409, "offline", "the device is offline; commands are not queued for it");
        }
        if (live.isEmpty()) {
            return error(response, callback, 503, "no_fleet_manager", "this console is not attached to a running fleet manager");
        }
        ObjectNode args = b.has("args") ? (ObjectNode) b.get("args") : JSON.createObjectNode();
        JsonNode answer;
        try {
            answer = live.get().command(id, command, args).join();
        } catch (java.util.concurrent.CompletionException e) {
            String why = e.getCause() instanceof java.util.concurrent.TimeoutException ? "no reply in time" : String.valueOf(e.getCause().getMessage());
            store.audit(clock.instant(), s.user(), "device.command", id, "failed: " + command + ", " + why);
            return error(response, callback, 504, "no_reply", "the device did not answer: " + why);
        }
        store.audit(clock.instant(), s.user(), "device.command", id, command + ": " + (answer.path("ok").asBoolean() ? "ok"
                : "refused by the device (" + answer.path("error").path("code").asText() + ")"));
        return reply(response, callback, 200, JSON.createObjectNode().put("device", id).put("command", command).set("reply", answer));
    }

    boolean listDevices(Request request, Response response, Callback callback) {
        DeviceFilter filter;
        try {
            Map<String, List<String>> query = new java.util.LinkedHashMap<>();
            for (org.eclipse.jetty.util.Fields.Field f : Request.extractQueryParameters(request)) {
                query.put(f.getName(), f.getValues());
            }
            filter = DeviceFilter.parse(query);
        } catch (IllegalArgumentException e) {
            return error(response, callback, 400, "bad_filter", e.getMessage());
        } catch (RuntimeException e) {
            return error(response, callback, 400, "bad_filter", "the query string cannot be read (" + e.getMessage()
                    + "): encode values as UTF-8 with %XX escapes");
        }
        return reply(response, callback, 200, devices(filter));
    }

    /**
     * The devices that pass the filter, each with its health summary, and the sites, rooms and
     * versions of all of them (for the page's suggestions). One registry query and a look-up per
     * device in memory, so it stays cheap for ten thousand devices.
     */
    ObjectNode devices(DeviceFilter filter) {
        ObjectNode o = JSON.createObjectNode().put("at", clock.instant().toString());
        ArrayNode list = o.putArray("devices");
        java.util.SortedSet<String> sites = new java.util.TreeSet<>();
        java.util.SortedSet<String> rooms = new java.util.TreeSet<>();
        java.util.SortedSet<String> versions = new java.util.TreeSet<>();
        List<DeviceRecord> all = registry.devices(Optional.empty());
        Instant now = clock.instant();
        int matched = 0;
        for (DeviceRecord d : all) {
            d.site().ifPresent(sites::add);
            d.room().ifPresent(rooms::add);
            d.version().ifPresent(versions::add);
            ObjectNode health = HealthSummary.brief(live.flatMap(l -> l.activity().latestTelemetry(d.id())), now);
            if (filter.matches(d, health.get("status").asText())) {
                if (matched >= filter.offset() && matched - filter.offset() < filter.limit()) {
                    list.add(deviceJson(d).set("health", health));
                }
                matched++;
            }
        }
        o.put("total", all.size()).put("matched", matched).put("offset", filter.offset()).put("limit", filter.limit());
        ObjectNode known = o.putObject("known");
        sites.forEach(known.putArray("sites")::add);
        rooms.forEach(known.putArray("rooms")::add);
        versions.forEach(known.putArray("versions")::add);
        return o;
    }

    private static ObjectNode deviceJson(DeviceRecord d) {
        ObjectNode n = JSON.createObjectNode().put("id", d.id()).put("online", d.online()).put("lastSeen", d.lastSeen().toString());
        d.room().ifPresent(v -> n.put("room", v));
        d.site().ifPresent(v -> n.put("site", v));
        d.version().ifPresent(v -> n.put("version", v));
        d.call().ifPresent(v -> n.put("call", v));
        d.reason().ifPresent(v -> n.put("reason", v));
        return n;
    }
}

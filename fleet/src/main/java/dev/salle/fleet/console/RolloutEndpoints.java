package dev.salle.fleet.console;

import static dev.salle.fleet.console.ConsoleServer.JSON;
import static dev.salle.fleet.console.ConsoleServer.body;
import static dev.salle.fleet.console.ConsoleServer.error;
import static dev.salle.fleet.console.ConsoleServer.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.console.ConsoleSessions.Session;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.rollout.DeviceProgress;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutRequest;
import dev.salle.fleet.rollout.RolloutStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The console's rollout endpoints: the list, a new rollout (from a bundle address or a hosted
 * bundle, {@link BundleEndpoints#forRollout}), and pause, resume, abort or retry, stored as
 * requests that the leading fleet manager carries out. Thread-safe.
 */
final class RolloutEndpoints {

    private final DeviceRegistry registry;
    private final RolloutStore rollouts;
    private final BundleEndpoints bundles;
    private final ConsoleStore store;
    private final Clock clock;

    RolloutEndpoints(DeviceRegistry registry, RolloutStore rollouts, BundleEndpoints bundles, ConsoleStore store, Clock clock) {
        this.registry = registry;
        this.rollouts = rollouts;
        this.bundles = bundles;
        this.store = store;
        this.clock = clock;
    }

    boolean createRollout(Session s, Request request, Response response, Callback callback) throws IOException {
        JsonNode b = body(request, Set.of("id", "version", "bundleUrl", "bundle", "target", "waves", "maxFailures", "success",
                "deviceTimeoutHours"));
        if (b == null) {
            return error(response, callback, 400, "malformed_request", "send a JSON object with the rollout's fields");
        }
        String what = b.path("version").asText(b.path("bundle").asText("?"));
        try {
            String version = b.path("version").asText(null);
            URI address = b.hasNonNull("bundleUrl") ? URI.create(b.get("bundleUrl").asText()) : null;
            if (b.has("bundle")) {
                if (address != null) {
                    throw new IllegalArgumentException("give \"bundle\" (a hosted bundle) or \"bundleUrl\" (a bundle hosted"
                            + " elsewhere), one of the two");
                }
                if (!b.get("bundle").isTextual()) {
                    throw new IllegalArgumentException("\"bundle\" must be a string: a hosted bundle's SHA-256, or its first 8"
                            + " or more hex digits");
                }
                BundleEndpoints.Hosted hosted = bundles.forRollout(b.get("bundle").asText(), version);
                address = hosted.address();
                version = hosted.version();
            }
            RolloutRequest req = new RolloutRequest(b.hasNonNull("id") ? b.get("id").asText() : null, version, address,
                    b.path("target").asText("all"), b.path("waves").asText("1%,10%,50%,100%"), b.path("maxFailures").asText("5%"),
                    b.path("success").asInt(100), Duration.ofHours(b.path("deviceTimeoutHours").asLong(24)));
            Rollout rollout = req.create(registry, rollouts, clock.instant());
            store.audit(clock.instant(), s.user(), "rollout.create", rollout.id(),
                    "ok: " + rollout.version() + " to " + rollout.devices().size() + " device(s) (" + req.target() + ") from " + address);
            return reply(response, callback, 201, rolloutJson(rollout).put("bundleUrl", address.toString()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            store.audit(clock.instant(), s.user(), "rollout.create", what, "refused: " + e.getMessage());
            return error(response, callback, e instanceof IllegalStateException ? 409 : 400, "refused", e.getMessage());
        }
    }

    static final java.util.regex.Pattern ROLLOUT_ACTION =
            java.util.regex.Pattern.compile("/api/rollouts/([A-Za-z0-9._-]{1,64})/(pause|resume|abort|retry)");

    boolean controlRollout(Session s, String path, Response response, Callback callback) {
        var m = ROLLOUT_ACTION.matcher(path);
        if (!m.matches()) {
            return error(response, callback, 404, "not_found", "no such endpoint: " + path);
        }
        String id = m.group(1);
        var action = dev.salle.fleet.rollout.RolloutControl.Action.parse(m.group(2));
        if (rollouts.load(id).isEmpty()) {
            store.audit(clock.instant(), s.user(), "rollout." + action.word(), id, "refused: no such rollout");
            return error(response, callback, 404, "unknown_rollout", "no rollout '" + id + "'");
        }
        long seq = rollouts.requestControl(id, action, s.user(), clock.instant());
        store.audit(clock.instant(), s.user(), "rollout." + action.word(), id, "requested (#" + seq + ")");
        return reply(response, callback, 202, JSON.createObjectNode().put("requested", seq).put("rollout", id)
                .put("action", action.word()));
    }

    ObjectNode rolloutList() {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("rollouts");
        rollouts.all().forEach(r -> list.add(rolloutJson(r)));
        return o;
    }

    private static ObjectNode rolloutJson(Rollout r) {
        ObjectNode n = JSON.createObjectNode().put("id", r.id()).put("version", r.version()).put("state", r.state().name())
                .put("wave", r.currentWave() + 1).put("waves", r.waves()).put("reason", r.reason());
        ObjectNode counts = n.putObject("devices");
        r.counts().forEach((k, v) -> counts.put(k.name().toLowerCase(), v));
        n.put("total", r.devices().size()).put("succeeded", r.counts().get(DeviceProgress.SUCCEEDED));
        return n;
    }
}

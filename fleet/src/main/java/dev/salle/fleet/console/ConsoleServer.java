package dev.salle.fleet.console;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigScope;
import dev.salle.fleet.config.DeviceConfigStatus;
import dev.salle.fleet.config.LayerRefusedException;
import dev.salle.fleet.config.LayerResolution;
import dev.salle.fleet.config.LayeredValue;
import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.rollout.DeviceProgress;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutRequest;
import dev.salle.fleet.rollout.RolloutStore;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.service.HttpsServers;
import dev.salle.provisioning.service.SourceRateLimiter;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The fleet's console over HTTPS (Jetty): the page at {@code /} (static, with a strict content
 * security policy) and its API:
 *
 * <pre>
 * POST /api/login     {"name","password"} → {"token","role","expires"}   anyone (rate limited per address)
 * GET  /api/devices   [?site=&room=&version=&state=&health=&offset=&limit=]  viewer: a page of the registry, filtered, each with its health
 * GET  /api/rollouts                                                       viewer
 * POST /api/rollouts  {"version","bundleUrl","target","waves","maxFailures",["id","success","deviceTimeoutHours"]}  operator
 * POST /api/rollouts  {"bundle": SHA256-PREFIX, ["version"], "target",…}  operator: a hosted bundle; its address and version
 * GET  /api/bundles                                                        viewer: the hosted bundles, their rollouts, where served
 * POST /api/bundles   the bundle file (application/octet-stream)           operator: checked as rollout create --bundle; 201 or 422 with the reason
 * POST /api/rollouts/ID/pause|resume|abort|retry                          operator: 202, carried out by the manager
 * GET  /api/devices/ID                                                    viewer: the device, its latest telemetry (health) and recent events
 * POST /api/devices/ID/commands {"command": identify|restart|join|leave|ping|snapshot|collect-logs, ["args"]}  operator: the device's reply
 * GET  /api/config                                                         viewer: every layered value
 * POST /api/config    {"scope", ["set": {KEY: VALUE…}], ["unset": [KEY…]]}  operator: one layer, all or nothing
 * GET  /api/config/device?id=ID                                            viewer: a device's values, where each comes from
 * GET  /api/leader                                                         viewer: this manager, whether it leads, who does, the term
 * GET  /api/audit                                                          admin
 * </pre>
 *
 * Requests carry {@code Authorization: Bearer <token>}; without one the answer is 401, with too
 * small a role 403. Sessions last 8 hours and live in memory. Every login, refusal and action goes
 * into the audit log. JSON bodies over 16 KiB and unknown fields are refused; uploads are bounded by
 * {@link ConsoleBundleSettings#maxUploadBytes()} ({@link BundleEndpoints}).
 */
public final class ConsoleServer implements AutoCloseable {

    static final Duration SESSION = Duration.ofHours(8);
    private static final int MAX_BODY = 16 * 1024;
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    record Session(String user, Role role, Instant expires) {
    }

    private final HttpsServers.Https https;
    private final ConsoleStore store;
    private final DeviceRegistry registry;
    private final RolloutStore rollouts;
    private final ConfigLayers layers;
    private final java.util.Optional<FleetLive> live;
    private final BundleEndpoints bundles;
    private final SourceRateLimiter logins;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public ConsoleServer(String host, int port, IssuedIdentity identity, ConsoleStore store, DeviceRegistry registry,
                         RolloutStore rollouts, ConfigLayers layers, Clock clock) {
        this(host, port, identity, store, registry, rollouts, layers, java.util.Optional.empty(), clock);
    }

    /** @param live the running manager's recent activity and commands; empty where none runs (tests of the API alone) */
    public ConsoleServer(String host, int port, IssuedIdentity identity, ConsoleStore store, DeviceRegistry registry,
                         RolloutStore rollouts, ConfigLayers layers, java.util.Optional<FleetLive> live, Clock clock) {
        this(host, port, identity, store, registry, rollouts, layers, live, Optional.empty(), clock);
    }

    /**
     * @param live the running manager's recent activity and commands; empty where none runs (tests of the API alone)
     * @param bundles the bundle folder {@code fleet serve} hosts, to list, upload to and roll out from; empty: the bundle
     *     endpoints answer 503 and rollouts need a {@code bundleUrl}
     */
    public ConsoleServer(String host, int port, IssuedIdentity identity, ConsoleStore store, DeviceRegistry registry,
                         RolloutStore rollouts, ConfigLayers layers, Optional<FleetLive> live,
                         Optional<ConsoleBundleSettings> bundles, Clock clock) {
        this.live = live;
        this.bundles = new BundleEndpoints(bundles, rollouts, store, clock);
        this.store = store;
        this.registry = registry;
        this.rollouts = rollouts;
        this.layers = layers;
        this.clock = clock;
        this.logins = SourceRateLimiter.standard(clock);
        https = HttpsServers.create("fleet-console", host, port, identity);
        https.server().setHandler(new Routes());
    }

    public void start() {
        https.start("the console");
    }

    public URI uri() {
        return URI.create("https://127.0.0.1:" + https.connector().getLocalPort());
    }

    @Override
    public void close() {
        https.stop();
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            if (method.equals("GET") && PAGES.containsKey(path)) {
                return page(response, callback, path);
            }
            if (path.equals("/api/login") && method.equals("POST")) {
                return login(request, response, callback);
            }
            Optional<Session> session = session(request);
            if (session.isEmpty()) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"salle-fleet\"");
                return error(response, callback, 401, "unauthorized", "log in first: POST /api/login");
            }
            Session s = session.get();
            return switch (method + " " + path) {
                case "GET /api/devices" -> !allowed(s, Role.VIEWER, "devices.list", path, response, callback)
                        || listDevices(request, response, callback);
                case "GET /api/rollouts" -> !allowed(s, Role.VIEWER, "rollouts.list", path, response, callback)
                        || reply(response, callback, 200, rolloutList());
                case "POST /api/rollouts" -> !allowed(s, Role.OPERATOR, "rollout.create", path, response, callback)
                        || createRollout(s, request, response, callback);
                case "GET /api/bundles" -> !allowed(s, Role.VIEWER, "bundles.list", path, response, callback)
                        || bundles.list(response, callback);
                case "POST /api/bundles" -> !allowed(s, Role.OPERATOR, "bundle.upload", path, response, callback)
                        || bundles.upload(s.user(), request, response, callback);
                case "GET /api/config" -> !allowed(s, Role.VIEWER, "config.list", path, response, callback)
                        || reply(response, callback, 200, layerList());
                case "POST /api/config" -> !allowed(s, Role.OPERATOR, "config.set", path, response, callback)
                        || setConfig(s, request, response, callback);
                case "GET /api/config/device" -> !allowed(s, Role.VIEWER, "config.show", path, response, callback)
                        || deviceConfig(Request.extractQueryParameters(request).getValue("id"), response, callback);
                case "GET /api/leader" -> !allowed(s, Role.VIEWER, "leader.show", path, response, callback)
                        || leader(response, callback);
                case "GET /api/audit" -> !allowed(s, Role.ADMIN, "audit.read", path, response, callback)
                        || reply(response, callback, 200, auditList());
                default -> method.equals("GET") && DEVICE_PAGE.matcher(path).matches()
                        ? (!allowed(s, Role.VIEWER, "device.show", path, response, callback) || device(path, response, callback))
                        : method.equals("POST") && DEVICE_COMMAND.matcher(path).matches()
                        ? (!allowed(s, Role.OPERATOR, "device.command", path, response, callback)
                                || deviceCommand(s, path, request, response, callback))
                        : method.equals("POST") && ROLLOUT_ACTION.matcher(path).matches()
                        ? (!allowed(s, Role.OPERATOR, "rollout.control", path, response, callback)
                                || controlRollout(s, path, response, callback))
                        : error(response, callback, 404, "not_found", "no such endpoint: " + method + " " + path);
            };
        }
    }

    /** The console's pages: static files, the same for everyone; the API decides what each may do. */
    private static final Map<String, String[]> PAGES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/console.js", new String[] {"console.js", "text/javascript; charset=utf-8"},
            "/console.css", new String[] {"console.css", "text/css; charset=utf-8"});

    private static boolean page(Response response, Callback callback, String path) throws IOException {
        String[] file = PAGES.get(path);
        byte[] bytes;
        try (var in = ConsoleServer.class.getResourceAsStream(file[0])) {
            if (in == null) {
                return error(response, callback, 500, "missing_page", "the console page " + file[0] + " is not in this build");
            }
            bytes = in.readAllBytes();
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file[1]);
        // data: images for the device's screen snapshot, which arrives as base64 in a command's reply
        response.getHeaders().put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    private boolean login(Request request, Response response, Callback callback) throws IOException {
        String from = Request.getRemoteAddr(request);
        long wait = logins.acquire(from);
        if (wait > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(wait));
            return error(response, callback, 429, "rate_limited", "too many logins from this address; wait " + wait + " s");
        }
        JsonNode body = body(request, Set.of("name", "password"));
        if (body == null || !body.path("name").isTextual() || !body.path("password").isTextual()) {
            return error(response, callback, 400, "malformed_request", "send {\"name\":…,\"password\":…}");
        }
        String name = body.get("name").asText();
        Optional<Role> role = store.check(name, body.get("password").asText().toCharArray());
        if (role.isEmpty()) {
            store.audit(clock.instant(), name, "login", from, "refused: bad name or password");
            return error(response, callback, 401, "bad_credentials", "wrong name or password");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = clock.instant().plus(SESSION);
        sessions.put(token, new Session(name, role.get(), expires));
        store.audit(clock.instant(), name, "login", from, "ok, role " + role.get().name().toLowerCase());
        return reply(response, callback, 200, JSON.createObjectNode().put("token", token)
                .put("role", role.get().name().toLowerCase()).put("expires", expires.toString()));
    }

    private Optional<Session> session(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.startsWith("Bearer ")) {
            return Optional.empty();
        }
        Session s = sessions.get(auth.substring("Bearer ".length()).strip());
        if (s == null || !clock.instant().isBefore(s.expires())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private boolean allowed(Session s, Role needed, String action, String target, Response response, Callback callback) {
        if (s.role().allows(needed)) {
            return true;
        }
        store.audit(clock.instant(), s.user(), action, target, "denied: role " + s.role().name().toLowerCase());
        error(response, callback, 403, "forbidden", "this needs the " + needed.name().toLowerCase() + " role");
        return false;
    }

    private boolean createRollout(Session s, Request request, Response response, Callback callback) throws IOException {
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

    private static final java.util.regex.Pattern DEVICE_PAGE =
            java.util.regex.Pattern.compile("/api/devices/([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
    private static final java.util.regex.Pattern DEVICE_COMMAND =
            java.util.regex.Pattern.compile("/api/devices/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/commands");
    /**
     * The commands an operator may send from the console; the rest (update, set-config, factory-reset) have their own
     * paths. {@code snapshot} shows what the room's screen shows, so like the others it needs an operator.
     */
    static final Set<String> CONSOLE_COMMANDS = Set.of("identify", "restart", "join", "leave", "ping", "snapshot", "collect-logs");

    private boolean device(String path, Response response, Callback callback) {
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

    private boolean deviceCommand(Session s, String path, Request request, Response response, Callback callback)
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

    private static final java.util.regex.Pattern ROLLOUT_ACTION =
            java.util.regex.Pattern.compile("/api/rollouts/([A-Za-z0-9._-]{1,64})/(pause|resume|abort|retry)");

    private boolean controlRollout(Session s, String path, Response response, Callback callback) {
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

    private ObjectNode layerList() {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("layers");
        for (LayeredValue v : layers.all()) {
            list.addObject().put("scope", v.scope().toString()).put("key", v.key()).put("value", v.value())
                    .put("updatedBy", v.updatedBy()).put("updatedAt", v.updatedAt().toString());
        }
        return o;
    }

    private boolean setConfig(Session s, Request request, Response response, Callback callback) throws IOException {
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

    private boolean deviceConfig(String id, Response response, Callback callback) {
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

    private boolean listDevices(Request request, Response response, Callback callback) {
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
    private ObjectNode devices(DeviceFilter filter) {
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

    private ObjectNode rolloutList() {
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

    private boolean leader(Response response, Callback callback) {
        var status = live.flatMap(FleetLive::leadership);
        if (status.isEmpty()) {
            return error(response, callback, 503, "no_fleet_manager", "this console is not attached to a running fleet manager");
        }
        var st = status.get();
        ObjectNode o = JSON.createObjectNode().put("manager", st.manager()).put("leading", st.leading());
        st.leader().ifPresent(l -> o.put("leader", l));
        o.put("epoch", st.epoch());
        st.expiresAt().ifPresent(e -> o.put("leaseExpires", e.toString()));
        o.put("changes", st.changes()).put("failedClaims", st.failedClaims());
        return reply(response, callback, 200, o);
    }

    private ObjectNode auditList() {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("audit");
        for (ConsoleStore.AuditEntry e : store.audit(500)) {
            list.addObject().put("at", e.at().toString()).put("actor", e.actor()).put("action", e.action())
                    .put("target", e.target()).put("outcome", e.outcome());
        }
        return o;
    }

    private static JsonNode body(Request request, Set<String> allowed) throws IOException {
        if (request.getLength() > MAX_BODY) {
            return null;
        }
        byte[] bytes = Content.Source.asInputStream(request).readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                return null;
            }
            for (var it = node.fieldNames(); it.hasNext(); ) {
                if (!allowed.contains(it.next())) {
                    return null;
                }
            }
            return node;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean error(Response response, Callback callback, int status, String code, String message) {
        // the request's body may be unread: close the connection rather than let a client reuse it
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return reply(response, callback, status, JSON.createObjectNode().put("error", code).put("message", message));
    }

    static boolean reply(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}

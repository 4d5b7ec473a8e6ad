package dev.salle.fleet.console;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.rollout.RolloutStore;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.service.HttpsServers;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>This class routes and answers; each group of endpoints is its own class: logins and roles
 * ({@link ConsoleSessions}), devices ({@link DeviceEndpoints}), rollouts ({@link RolloutEndpoints}),
 * configuration ({@link ConfigEndpoints}) and hosted bundles ({@link BundleEndpoints}).
 */
public final class ConsoleServer implements AutoCloseable {

    private static final int MAX_BODY = 16 * 1024;
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final HttpsServers.Https https;
    private final ConsoleStore store;
    private final java.util.Optional<FleetLive> live;
    private final ConsoleSessions sessions;
    private final DeviceEndpoints devices;
    private final RolloutEndpoints rollouts;
    private final ConfigEndpoints config;
    private final BundleEndpoints bundles;

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
        this.store = store;
        this.bundles = new BundleEndpoints(bundles, rollouts, store, clock);
        this.sessions = new ConsoleSessions(store, clock);
        this.devices = new DeviceEndpoints(registry, live, store, clock);
        this.rollouts = new RolloutEndpoints(registry, rollouts, this.bundles, store, clock);
        this.config = new ConfigEndpoints(layers, registry, store, clock);
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
                return sessions.login(request, response, callback);
            }
            Optional<ConsoleSessions.Session> session = sessions.session(request);
            if (session.isEmpty()) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"salle-fleet\"");
                return error(response, callback, 401, "unauthorized", "log in first: POST /api/login");
            }
            ConsoleSessions.Session s = session.get();
            return switch (method + " " + path) {
                case "GET /api/devices" -> !sessions.allowed(s, Role.VIEWER, "devices.list", path, response, callback)
                        || devices.listDevices(request, response, callback);
                case "GET /api/rollouts" -> !sessions.allowed(s, Role.VIEWER, "rollouts.list", path, response, callback)
                        || reply(response, callback, 200, rollouts.rolloutList());
                case "POST /api/rollouts" -> !sessions.allowed(s, Role.OPERATOR, "rollout.create", path, response, callback)
                        || rollouts.createRollout(s, request, response, callback);
                case "GET /api/bundles" -> !sessions.allowed(s, Role.VIEWER, "bundles.list", path, response, callback)
                        || bundles.list(response, callback);
                case "POST /api/bundles" -> !sessions.allowed(s, Role.OPERATOR, "bundle.upload", path, response, callback)
                        || bundles.upload(s.user(), request, response, callback);
                case "GET /api/config" -> !sessions.allowed(s, Role.VIEWER, "config.list", path, response, callback)
                        || reply(response, callback, 200, config.layerList());
                case "POST /api/config" -> !sessions.allowed(s, Role.OPERATOR, "config.set", path, response, callback)
                        || config.setConfig(s, request, response, callback);
                case "GET /api/config/device" -> !sessions.allowed(s, Role.VIEWER, "config.show", path, response, callback)
                        || config.deviceConfig(Request.extractQueryParameters(request).getValue("id"), response, callback);
                case "GET /api/leader" -> !sessions.allowed(s, Role.VIEWER, "leader.show", path, response, callback)
                        || leader(response, callback);
                case "GET /api/audit" -> !sessions.allowed(s, Role.ADMIN, "audit.read", path, response, callback)
                        || reply(response, callback, 200, auditList());
                default -> method.equals("GET") && DeviceEndpoints.DEVICE_PAGE.matcher(path).matches()
                        ? (!sessions.allowed(s, Role.VIEWER, "device.show", path, response, callback) || devices.device(path, response, callback))
                        : method.equals("POST") && DeviceEndpoints.DEVICE_COMMAND.matcher(path).matches()
                        ? (!sessions.allowed(s, Role.OPERATOR, "device.command", path, response, callback)
                                || devices.deviceCommand(s, path, request, response, callback))
                        : method.equals("POST") && RolloutEndpoints.ROLLOUT_ACTION.matcher(path).matches()
                        ? (!sessions.allowed(s, Role.OPERATOR, "rollout.control", path, response, callback)
                                || rollouts.controlRollout(s, path, response, callback))
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

    static JsonNode body(Request request, Set<String> allowed) throws IOException {
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

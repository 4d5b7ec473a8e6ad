package dev.salle.bridge.http;

import dev.salle.bridge.metrics.BridgeMetrics;
import dev.salle.bridge.web.WebAnswer;
import dev.salle.bridge.web.WebAssets;
import dev.salle.bridge.web.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches by path to the endpoints; every answer is counted under its route template. An
 * {@link ApiError} becomes its JSON error; anything else becomes a logged 500. Thread-safe.
 */
final class BridgeRoutes extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeRoutes.class);
    private static final String ROOMS = "/api/v1.0/rooms/";
    private static final Set<String> ROOM_ACTIONS = Set.of("request-entry", "waiting-participants", "enter");

    private final BridgeServices services;
    private final Handler signalling;
    private final RtcEndpoints rtc;
    private final RoomEndpoints rooms;
    private final LobbyEndpoints lobby;
    private final WebClient web;
    private final BridgeMetrics metrics;

    BridgeRoutes(BridgeServices services, Handler signalling) {
        this.services = services;
        this.signalling = signalling;
        // the /rtc handler (a WebSocket upgrade handler) starts, stops and knows the server with us
        addBean(signalling, true);
        this.metrics = services.metrics();
        RoomLookup lookup = new RoomLookup(services.rooms());
        AdminAuth auth = new AdminAuth(services.verifier(), metrics);
        this.rtc = new RtcEndpoints(services.verifier(), metrics);
        this.rooms = new RoomEndpoints(services, lookup, auth);
        this.lobby = new LobbyEndpoints(services, lookup, auth);
        this.web = new WebClient(WebAssets.fromClassPath(), services.config().publicUrl());
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        signalling.setServer(server);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals("/rtc")) {
            String route = "/rtc";
            return signalling.handle(request, response,
                    Callback.from(() -> metrics.httpRequest(route, response.getStatus()), callback));
        }
        Exchange ex = new Exchange(request, response, callback, route(path), metrics);
        try {
            dispatch(ex, path);
        } catch (ApiError e) {
            ex.drainUnreadBody();
            ex.sendError(e);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.getMethod(), route(path), e);
            ex.send(500, "text/plain; charset=utf-8",
                    "the bridge could not answer this request; see its log\n".getBytes(StandardCharsets.UTF_8));
        }
        return true;
    }

    private void dispatch(Exchange ex, String path) {
        switch (path) {
            case "/rtc/validate" -> rtc.validate(ex);
            case "/rtc/v1", "/rtc/v1/validate" -> rtc.v1NotFound(ex);
            case "/metrics" -> {
                ex.requireMethod("GET");
                ex.send(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.registry().writePrometheusText().getBytes(StandardCharsets.UTF_8));
            }
            case "/api/v1.0/rooms", ROOMS -> rooms.create(ex);
            default -> {
                if (WebClient.route(path).isPresent()) {
                    web(ex, path);
                } else {
                    roomPath(ex, path);
                }
            }
        }
    }

    private void web(Exchange ex, String path) {
        WebAnswer answer = web.answer(ex.method(), path);
        answer.headers().forEach((name, value) -> ex.response.getHeaders().put(name, value));
        ex.send(answer.status(), answer.contentType(), answer.body());
    }

    private void roomPath(Exchange ex, String path) {
        if (!path.startsWith(ROOMS)) {
            throw ApiError.notFound("not_found", "nothing is served at " + Bodies.cap(path)
                    + "; see docs/bridge.md for the endpoints");
        }
        String[] parts = trimSlashes(path.substring(ROOMS.length())).split("/", -1);
        if (parts.length == 1) {
            rooms.get(ex, parts[0]);
        } else if (parts.length == 2 && parts[1].equals("request-entry")) {
            lobby.requestEntry(ex, parts[0]);
        } else if (parts.length == 2 && parts[1].equals("waiting-participants")) {
            lobby.waiting(ex, parts[0]);
        } else if (parts.length == 2 && parts[1].equals("enter")) {
            lobby.enter(ex, parts[0]);
        } else {
            throw ApiError.notFound("not_found", "nothing is served at " + Bodies.cap(path)
                    + "; see docs/bridge.md for the room API");
        }
    }

    /** The route template a path is counted under; unknown paths share one label. */
    static String route(String path) {
        switch (path) {
            case "/rtc/validate", "/rtc/v1", "/rtc/v1/validate", "/metrics":
                return path;
            case "/api/v1.0/rooms", ROOMS:
                return ROOMS;
            default:
                break;
        }
        Optional<String> web = WebClient.route(path);
        if (web.isPresent()) {
            return web.get();
        }
        if (path.startsWith(ROOMS)) {
            String[] parts = trimSlashes(path.substring(ROOMS.length())).split("/", -1);
            if (parts.length == 1) {
                return ROOMS + "{id}/";
            }
            if (parts.length == 2 && ROOM_ACTIONS.contains(parts[1])) {
                return ROOMS + "{id}/" + parts[1] + "/";
            }
        }
        return "other";
    }

    private static String trimSlashes(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}

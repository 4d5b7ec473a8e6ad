package dev.salle.bridge.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.bridge.lobby.LobbyFullException;
import dev.salle.bridge.lobby.LobbyStatus;
import dev.salle.bridge.lobby.LobbyTicket;
import dev.salle.bridge.room.AccessLevel;
import dev.salle.bridge.room.Room;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;

/**
 * The lobby: {@code POST …/request-entry/} (guests, throttled per address),
 * {@code GET …/waiting-participants/} and {@code POST …/enter/} (hosts with a {@code roomAdmin}
 * bearer). Thread-safe.
 */
final class LobbyEndpoints {

    static final String COOKIE = "lobbyParticipantId";
    private static final Pattern PARTICIPANT_ID = Pattern.compile("[0-9a-f-]{36}");

    private final BridgeServices services;
    private final RoomLookup lookup;
    private final AdminAuth auth;

    LobbyEndpoints(BridgeServices services, RoomLookup lookup, AdminAuth auth) {
        this.services = services;
        this.lookup = lookup;
        this.auth = auth;
    }

    /** {@code {"username": NAME}} → {@code {status, username, id, color, livekit?}} and the cookie. */
    void requestEntry(Exchange ex, String ref) {
        ex.requireMethod("POST");
        Optional<Duration> wait = services.entryThrottle().tryAcquire(ex.remoteAddress());
        if (wait.isPresent()) {
            services.metrics().lobbyRequest("throttled");
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
            throw new ApiError(429, "too_many_requests", "too many entry requests from this address; retry in "
                    + seconds + " s");
        }
        Room room = lookup.find(ref);
        ObjectNode body = ex.readJsonObject(services.config().limits().maxRequestBodyBytes());
        Bodies.onlyFields(body, Set.of("username"));
        String username = RoomEndpoints.username(Bodies.string(body, "username", true, RoomEndpoints.MAX_NAME_CHARS));
        Optional<String> known = ex.cookie(COOKIE).filter(id -> PARTICIPANT_ID.matcher(id).matches());
        LobbyTicket ticket;
        if (room.accessLevel() == AccessLevel.PUBLIC) {
            String id = known.orElseGet(() -> services.joinTokens().newGuestIdentity());
            ticket = new LobbyTicket(id, username, services.joinTokens().randomColor(), LobbyStatus.ACCEPTED);
        } else {
            try {
                ticket = services.lobby().requestEntry(room.id(), known, username, services.joinTokens().randomColor());
            } catch (LobbyFullException e) {
                services.metrics().lobbyRequest("full");
                throw new ApiError(503, "lobby_full", e.getMessage());
            }
        }
        services.metrics().lobbyRequest(ticket.status().jsonName());
        Response.putCookie(ex.response, HttpCookie.build(COOKIE, ticket.participantId())
                .path("/").httpOnly(true).sameSite(HttpCookie.SameSite.LAX).build());
        ObjectNode out = ticketJson(ticket);
        if (ticket.status() == LobbyStatus.ACCEPTED) {
            String token = services.joinTokens().mintGuest(room, ticket.participantId(), ticket.username(),
                    ticket.color());
            out.set("livekit", RoomJson.livekit(RoomJson.livekitUrl(ex, services.config()), room, token));
        }
        ex.sendJson(200, out);
    }

    /** {@code {"participants": [{id, username, color, status}]}}. */
    void waiting(Exchange ex, String ref) {
        ex.requireMethod("GET");
        Room room = lookup.find(ref);
        auth.requireRoomAdmin(ex, room);
        ObjectNode out = Exchange.JSON.createObjectNode();
        ArrayNode list = out.putArray("participants");
        services.lobby().waiting(room.id()).forEach(t -> list.add(ticketJson(t)));
        ex.sendJson(200, out);
    }

    /** {@code {participant_id, allow_entry}} → 200 {@code {message}}, 404 for an unknown participant. */
    void enter(Exchange ex, String ref) {
        ex.requireMethod("POST");
        Room room = lookup.find(ref);
        auth.requireRoomAdmin(ex, room);
        ObjectNode body = ex.readJsonObject(services.config().limits().maxRequestBodyBytes());
        Bodies.onlyFields(body, Set.of("participant_id", "allow_entry"));
        String id = Bodies.string(body, "participant_id", true, 64).orElseThrow();
        boolean allow = Bodies.bool(body, "allow_entry");
        LobbyTicket t = services.lobby().decide(room.id(), id, allow).orElseThrow(() -> ApiError.notFound(
                "participant_not_found", "no guest with id '" + Bodies.cap(id) + "' waits in room " + room.id()
                        + "; the entry may have expired (guests must poll every 3 s), list waiting-participants again"));
        ex.sendJson(200, Exchange.JSON.createObjectNode()
                .put("message", "participant " + t.participantId() + " is " + t.status().jsonName()));
    }

    private static ObjectNode ticketJson(LobbyTicket t) {
        return Exchange.JSON.createObjectNode()
                .put("status", t.status().jsonName())
                .put("username", t.username())
                .put("id", t.participantId())
                .put("color", t.color());
    }
}

package dev.salle.bridge.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.bridge.room.AccessLevel;
import dev.salle.bridge.room.JoinTokens;
import dev.salle.bridge.room.Room;
import dev.salle.bridge.room.RoomException;
import dev.salle.bridge.room.Slug;
import dev.salle.rtc.token.VerifiedToken;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1.0/rooms/{slug-or-id}/} (anyone) and {@code POST /api/v1.0/rooms/} (a
 * {@code roomCreate} bearer). Thread-safe.
 */
final class RoomEndpoints {

    static final int MAX_NAME_CHARS = 100;

    private final BridgeServices services;
    private final RoomLookup lookup;
    private final AdminAuth auth;

    RoomEndpoints(BridgeServices services, RoomLookup lookup, AdminAuth auth) {
        this.services = services;
        this.lookup = lookup;
        this.auth = auth;
    }

    /**
     * The room; with {@code livekit} when the caller may enter directly: a guest token in a public
     * room, a host token for a caller with a {@code roomAdmin} bearer for this room.
     */
    void get(Exchange ex, String ref) {
        ex.requireMethod("GET");
        Room room = lookup.find(ref);
        String username = username(ex.query("username"));
        Optional<VerifiedToken> host = auth.optionalRoomAdmin(ex, room);
        ObjectNode body = RoomJson.room(room);
        JoinTokens tokens = services.joinTokens();
        String token = null;
        if (host.isPresent()) {
            token = tokens.mintHost(room, host.get().identity(), username.isEmpty() ? host.get().name() : username,
                    tokens.randomColor());
        } else if (room.accessLevel() == AccessLevel.PUBLIC) {
            token = tokens.mintGuest(room, tokens.newGuestIdentity(), username, tokens.randomColor());
        }
        if (token != null) {
            body.set("livekit", RoomJson.livekit(RoomJson.livekitUrl(ex, services.config()), room, token));
        }
        ex.sendJson(200, body);
    }

    /** {@code {slug?, name, access_level}} → 201 with the room. */
    void create(Exchange ex) {
        ex.requireMethod("POST");
        auth.requireRoomCreate(ex);
        ObjectNode body = ex.readJsonObject(services.config().limits().maxRequestBodyBytes());
        Bodies.onlyFields(body, Set.of("slug", "name", "access_level"));
        Optional<String> slugText = Bodies.string(body, "slug", false, 12);
        Optional<String> slug = Optional.empty();
        if (slugText.isPresent()) {
            slug = Optional.of(Slug.normalize(slugText.get()).orElseThrow(() -> ApiError.badRequest("invalid_slug",
                    "slug '" + Bodies.cap(slugText.get()) + "' is not a meeting slug; use abc-defg-hij"
                            + " (lowercase letters) or leave it out for a random one")));
        }
        String name = Bodies.string(body, "name", true, MAX_NAME_CHARS).orElseThrow();
        String levelText = Bodies.string(body, "access_level", false, 20).orElse("public");
        AccessLevel level = AccessLevel.fromJson(levelText).orElseThrow(() -> ApiError.badRequest("invalid_field",
                "access_level '" + Bodies.cap(levelText) + "' is not known; use public or restricted"));
        try {
            ex.sendJson(201, RoomJson.room(services.rooms().create(slug, name, level)));
        } catch (RoomException e) {
            throw switch (e.kind()) {
                case SLUG_TAKEN -> new ApiError(409, "slug_taken", e.getMessage());
                case TOO_MANY_ROOMS -> new ApiError(503, "too_many_rooms", e.getMessage());
            };
        }
    }

    /** A display name from the query or a body: 0 to 100 characters, stripped. */
    static String username(Optional<String> given) {
        String name = given.orElse("").strip();
        if (name.length() > MAX_NAME_CHARS) {
            throw ApiError.badRequest("invalid_field", "username has " + name.length() + " characters; send at most "
                    + MAX_NAME_CHARS);
        }
        return name;
    }
}

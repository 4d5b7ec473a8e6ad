package dev.salle.bridge.http;

import dev.salle.bridge.metrics.BridgeMetrics;
import dev.salle.bridge.room.Room;
import dev.salle.rtc.token.AccessTokenVerifier;
import dev.salle.rtc.token.TokenRejectedException;
import dev.salle.rtc.token.VerifiedToken;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Checks the {@code Authorization: Bearer JWT} of admin requests: a token minted with the bridge's
 * keys whose grant has {@code roomAdmin} for the room (or {@code roomCreate} to create rooms).
 * 401 without a valid token, 403 when the token lacks the grant. Stateless, thread-safe.
 */
final class AdminAuth {

    private final AccessTokenVerifier verifier;
    private final BridgeMetrics metrics;

    AdminAuth(AccessTokenVerifier verifier, BridgeMetrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    VerifiedToken requireRoomAdmin(Exchange ex, Room room) {
        VerifiedToken t = bearer(ex);
        if (!t.grant().roomAdmin() || !t.grant().room().equals(room.livekitRoom())) {
            throw new ApiError(403, "forbidden", "the token of identity '" + t.identity()
                    + "' has no roomAdmin grant for room " + room.id() + "; mint one with video.roomAdmin=true"
                    + " and video.room=" + room.livekitRoom());
        }
        return t;
    }

    /**
     * The room-admin bearer when the request carries one; empty without an Authorization header.
     *
     * @throws ApiError 401 or 403 as {@link #requireRoomAdmin} when a header is present but refused
     */
    Optional<VerifiedToken> optionalRoomAdmin(Exchange ex, Room room) {
        if (ex.header(HttpHeader.AUTHORIZATION).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(requireRoomAdmin(ex, room));
    }

    VerifiedToken requireRoomCreate(Exchange ex) {
        VerifiedToken t = bearer(ex);
        if (!t.grant().roomCreate()) {
            throw new ApiError(403, "forbidden", "the token of identity '" + t.identity()
                    + "' has no roomCreate grant; mint one with video.roomCreate=true");
        }
        return t;
    }

    private VerifiedToken bearer(Exchange ex) {
        String header = ex.header(HttpHeader.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            throw new ApiError(401, "unauthorized", "this endpoint needs 'Authorization: Bearer <token>' with a"
                    + " token minted from this bridge's API keys (./salle token --room-admin ...)");
        }
        try {
            return verifier.verify(header.substring(7).strip());
        } catch (TokenRejectedException e) {
            metrics.tokenRejected(e.reason().name().toLowerCase(Locale.ROOT));
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            throw new ApiError(401, "unauthorized", "the bearer token was refused: " + e.getMessage());
        }
    }
}

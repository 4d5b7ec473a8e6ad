package dev.salle.bridge.http;

import dev.salle.bridge.metrics.BridgeMetrics;
import dev.salle.rtc.token.AccessTokenVerifier;
import dev.salle.rtc.token.TokenRejectedException;
import dev.salle.rtc.token.VerifiedToken;
import java.util.Locale;
import java.util.Optional;

/**
 * LiveKit's HTTP side of {@code /rtc}: {@code /rtc/validate}, and the 404s on the v1 paths that make
 * livekit-client fall back to the v0 {@code /rtc} WebSocket. Stateless, thread-safe.
 */
final class RtcEndpoints {

    /** What livekit-client must not find in a v1 404 body, or it reports the room missing. */
    static final String CLIENT_ROOM_MISSING_PHRASE = "requested room does not exist";

    private final AccessTokenVerifier verifier;
    private final BridgeMetrics metrics;

    RtcEndpoints(AccessTokenVerifier verifier, BridgeMetrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    /**
     * {@code GET /rtc/validate?access_token=JWT[&room=NAME]}: 200 {@code success} when the token
     * verifies and grants joining its room (or {@code room} when given), else 401 with the reason.
     */
    void validate(Exchange ex) {
        ex.allowAnyOrigin();
        ex.requireMethod("GET");
        String token = ex.query("access_token").orElse("");
        try {
            VerifiedToken t = verifier.verify(token);
            Optional<String> room = ex.query("room");
            t.joinCheck(room.orElse(t.grant().room()));
            ex.sendText(200, "success");
        } catch (TokenRejectedException e) {
            metrics.tokenRejected(e.reason().name().toLowerCase(Locale.ROOT));
            ex.sendText(401, "invalid token: " + e.getMessage());
        }
    }

    /** {@code /rtc/v1} and {@code /rtc/v1/validate}: this bridge speaks signalling v0 only. */
    void v1NotFound(Exchange ex) {
        ex.allowAnyOrigin();
        ex.sendText(404, "signalling v1 is not served here; use the v0 path /rtc\n");
    }
}

package dev.salle.rtc.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Mints LiveKit access tokens signed with HS256 under one API key, for {@code ./salle token} and
 * the Visio-style room API. Thread-safe.
 *
 * <p>The token carries {@code iss} (the key), {@code sub} (identity), {@code nbf} (now),
 * {@code exp} (now + ttl), {@code name}, {@code metadata}, {@code attributes} when set, and the
 * whole {@code video} grant with every flag written out. {@link AccessTokenVerifier} with the same
 * keys accepts it.
 */
public final class AccessTokenMinter {

    private final String apiKey;
    private final byte[] secret;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException when {@code apiKey} is not in {@code keys}
     */
    public AccessTokenMinter(ApiKeys keys, String apiKey, Clock clock) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.secret = keys.secretFor(apiKey).orElseThrow(() -> new IllegalArgumentException(
                "cannot mint tokens with API key '" + apiKey + "': it is not configured (known: "
                        + keys.keyIds() + ")"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns a signed compact JWT.
     *
     * @throws IllegalArgumentException when the token would exceed
     *     {@link AccessTokenVerifier#MAX_TOKEN_CHARS} (too much metadata or attributes)
     */
    public String mint(TokenRequest request) {
        Instant now = clock.instant();
        ObjectNode header = StrictClaims.JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT");
        ObjectNode claims = StrictClaims.JSON.createObjectNode()
                .put("iss", apiKey)
                .put("sub", request.identity())
                .put("nbf", now.getEpochSecond())
                .put("exp", now.plus(request.ttl()).getEpochSecond());
        if (!request.name().isEmpty()) {
            claims.put("name", request.name());
        }
        if (!request.metadata().isEmpty()) {
            claims.put("metadata", request.metadata());
        }
        if (!request.attributes().isEmpty()) {
            ObjectNode attributes = claims.putObject("attributes");
            request.attributes().forEach(attributes::put);
        }
        writeGrant(claims.putObject("video"), request.grant());

        String signingInput = base64Json(header) + "." + base64Json(claims);
        String token = signingInput + "." + CompactJws.encode(CompactJws.sign(signingInput, secret));
        if (token.length() > AccessTokenVerifier.MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("the token for identity '" + request.identity() + "' would have "
                    + token.length() + " characters, more than the " + AccessTokenVerifier.MAX_TOKEN_CHARS
                    + " verifiers accept; shorten metadata or attributes");
        }
        return token;
    }

    private static void writeGrant(ObjectNode video, VideoGrant g) {
        video.put("roomJoin", g.roomJoin());
        if (!g.room().isEmpty()) {
            video.put("room", g.room());
        }
        video.put("canPublish", g.canPublish())
                .put("canSubscribe", g.canSubscribe())
                .put("canPublishData", g.canPublishData());
        if (!g.canPublishSources().isEmpty()) {
            ArrayNode sources = video.putArray("canPublishSources");
            g.canPublishSources().forEach(s -> sources.add(s.claimName()));
        }
        video.put("hidden", g.hidden())
                .put("roomAdmin", g.roomAdmin())
                .put("roomCreate", g.roomCreate())
                .put("roomList", g.roomList());
    }

    private static String base64Json(ObjectNode node) {
        try {
            return CompactJws.encode(StrictClaims.JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a JSON tree to a string failed", e);
        }
    }

    @Override
    public String toString() {
        return "AccessTokenMinter[apiKey=" + apiKey + "]";
    }
}

package dev.salle.rtc.token;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link AccessTokenMinter} puts into a token. Immutable; build with
 * {@link #joinRoom(String, String)} and the {@code with…} methods.
 *
 * @param identity the participant identity ({@code sub}), not blank
 * @param name display name, {@code ""} for none
 * @param metadata opaque participant metadata, {@code ""} for none
 * @param attributes participant attributes
 * @param grant the video grant
 * @param ttl how long the token is valid from minting, positive
 */
public record TokenRequest(
        String identity,
        String name,
        String metadata,
        Map<String, String> attributes,
        VideoGrant grant,
        Duration ttl) {

    /** LiveKit's default token lifetime. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(6);

    public TokenRequest {
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("a token needs a participant identity, got '" + identity + "'");
        }
        Objects.requireNonNull(name, "name (use \"\" for none)");
        Objects.requireNonNull(metadata, "metadata (use \"\" for none)");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(grant, "grant");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token's ttl must be positive, got " + ttl);
        }
    }

    /** A request for {@code identity} to join {@code room} with the default grant and ttl. */
    public static TokenRequest joinRoom(String identity, String room) {
        return new TokenRequest(identity, "", "", Map.of(), VideoGrant.joinRoom(room), DEFAULT_TTL);
    }

    public TokenRequest withName(String value) {
        return new TokenRequest(identity, value, metadata, attributes, grant, ttl);
    }

    public TokenRequest withMetadata(String value) {
        return new TokenRequest(identity, name, value, attributes, grant, ttl);
    }

    public TokenRequest withAttributes(Map<String, String> value) {
        return new TokenRequest(identity, name, metadata, value, grant, ttl);
    }

    public TokenRequest withGrant(VideoGrant value) {
        return new TokenRequest(identity, name, metadata, attributes, value, ttl);
    }

    public TokenRequest withTtl(Duration value) {
        return new TokenRequest(identity, name, metadata, attributes, grant, value);
    }
}

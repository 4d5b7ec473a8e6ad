package dev.salle.rtc.token;

import dev.salle.rtc.token.TokenRejectedException.Reason;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A token whose signature and validity window were checked by {@link AccessTokenVerifier}.
 * Immutable. Holds no secret and not the token itself.
 *
 * @param apiKey the {@code iss} key the token was signed under
 * @param identity the participant identity ({@code sub}), never empty
 * @param name the display name, {@code ""} when absent
 * @param metadata opaque participant metadata, {@code ""} when absent
 * @param attributes participant attributes, empty when absent
 * @param grant the video grant; {@link VideoGrant#none()} when the token has none
 * @param expiresAt {@code exp}; the token is refused one leeway after this
 */
public record VerifiedToken(
        String apiKey,
        String identity,
        String name,
        String metadata,
        Map<String, String> attributes,
        VideoGrant grant,
        Instant expiresAt) {

    public VerifiedToken {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * Checks that this token lets its bearer join {@code room}.
     *
     * @throws TokenRejectedException {@link Reason#NO_ROOM_JOIN} without {@code roomJoin};
     *     {@link Reason#WRONG_ROOM} when the grant names no room or another one
     */
    public void joinCheck(String room) throws TokenRejectedException {
        Objects.requireNonNull(room, "room");
        if (!grant.roomJoin()) {
            throw new TokenRejectedException(Reason.NO_ROOM_JOIN, "the token for identity '" + identity
                    + "' has no roomJoin grant; mint one with video.roomJoin=true");
        }
        if (grant.room().isEmpty()) {
            throw new TokenRejectedException(Reason.WRONG_ROOM, "the token for identity '" + identity
                    + "' names no room, asked to join '" + room + "'; mint one with video.room set");
        }
        if (!grant.room().equals(room)) {
            throw new TokenRejectedException(Reason.WRONG_ROOM, "the token for identity '" + identity
                    + "' is for room '" + grant.room() + "', not '" + room + "'; use a token for this room");
        }
    }
}

package dev.salle.rtc.token;

import java.util.Objects;

/**
 * A token was refused. The {@link #reason()} is meant for code (counters, HTTP status); the
 * message is meant for a person and names what failed and what to do, but never contains the API
 * secret or the whole token.
 */
public final class TokenRejectedException extends Exception {

    /** Why a token was refused. */
    public enum Reason {
        /** Longer than {@link AccessTokenVerifier#MAX_TOKEN_CHARS}; refused before parsing. */
        TOO_LARGE,
        /** Not three base64url parts, not JSON, or a claim of the wrong type. */
        MALFORMED,
        /** The header names another algorithm than HS256 (including {@code none}). */
        BAD_ALGORITHM,
        /** The {@code iss} API key is not configured on this server. */
        UNKNOWN_KEY,
        /** The signature does not match the secret of the {@code iss} key. */
        BAD_SIGNATURE,
        /** {@code exp} is more than the leeway in the past. */
        EXPIRED,
        /** {@code nbf} is more than the leeway in the future. */
        NOT_YET_VALID,
        /** The token has no {@code exp}; we accept only tokens that end. */
        NO_EXPIRY,
        /** {@code sub} (the participant identity) is missing or empty. */
        NO_IDENTITY,
        /** The video grant does not allow joining a room. */
        NO_ROOM_JOIN,
        /** The video grant names another room than the one asked for, or none. */
        WRONG_ROOM
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + Objects.requireNonNull(message, "message"));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

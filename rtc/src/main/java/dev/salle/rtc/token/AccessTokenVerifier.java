package dev.salle.rtc.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.rtc.token.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Verifies LiveKit access tokens: compact JWS, HS256 only, signed with the secret of the API key
 * in {@code iss}. Stateless apart from its keys and clock, thread-safe.
 *
 * <p>Order of checks: size ({@link Reason#TOO_LARGE}), shape and header
 * ({@link Reason#MALFORMED}, {@link Reason#BAD_ALGORITHM}), key ({@link Reason#UNKNOWN_KEY}),
 * signature ({@link Reason#BAD_SIGNATURE}), then claims: {@code exp} and {@code nbf} with
 * {@link #LEEWAY} against the injected clock, {@code sub}, and the types of every claim we read.
 * Claims we do not read (LiveKit has many) are ignored; claims we read must have their JSON type.
 * The room is checked separately with {@link VerifiedToken#joinCheck(String)}.
 */
public final class AccessTokenVerifier {

    /** Longest token accepted, in characters; longer ones are refused before any parsing. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    /** Clock skew tolerated on {@code nbf} and {@code exp}, as LiveKit does. */
    public static final Duration LEEWAY = Duration.ofSeconds(60);

    private static final int MAX_QUOTED_CHARS = 64;

    private final ApiKeys keys;
    private final Clock clock;

    public AccessTokenVerifier(ApiKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies {@code token} (the bare JWT, without {@code Bearer }).
     *
     * @throws TokenRejectedException with the first check that failed
     */
    public VerifiedToken verify(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(Reason.MALFORMED, "no token given; pass access_token=<JWT>");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(Reason.TOO_LARGE, "the token has " + token.length()
                    + " characters, more than the " + MAX_TOKEN_CHARS + " accepted; mint a smaller one");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token has " + parts.length
                    + " dot-separated parts, a signed JWT has 3 (header.payload.signature)");
        }
        ObjectNode header = StrictClaims.parseObject(CompactJws.decode(parts[0], "header"), "header");
        checkHeader(header);
        if (parts[2].isEmpty()) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token has no signature; sign it with HS256");
        }
        byte[] signature = CompactJws.decode(parts[2], "signature");
        ObjectNode claims = StrictClaims.parseObject(CompactJws.decode(parts[1], "payload"), "payload");

        String apiKey = StrictClaims.string(claims, "iss", "iss").orElseThrow(() -> new TokenRejectedException(
                Reason.MALFORMED, "the token has no 'iss' claim; it must name the API key it was signed with"));
        byte[] secret = keys.secretFor(apiKey).orElseThrow(() -> new TokenRejectedException(Reason.UNKNOWN_KEY,
                "API key '" + quote(apiKey) + "' is not configured here (known: " + keys.keyIds()
                        + "); mint the token with one of these keys"));
        if (!CompactJws.verify(parts[0] + "." + parts[1], signature, secret)) {
            throw new TokenRejectedException(Reason.BAD_SIGNATURE, "the signature does not match API key '"
                    + quote(apiKey) + "'; the token was altered or signed with another secret");
        }
        return readClaims(apiKey, claims);
    }

    private static void checkHeader(ObjectNode header) throws TokenRejectedException {
        String alg = StrictClaims.string(header, "alg", "header.alg").orElseThrow(() -> new TokenRejectedException(
                Reason.MALFORMED, "the token header has no 'alg'; sign it with HS256"));
        if (!"HS256".equals(alg)) {
            throw new TokenRejectedException(Reason.BAD_ALGORITHM, "the token's algorithm is '" + quote(alg)
                    + "', only HS256 is accepted; sign it with the API secret using HS256");
        }
        Optional<String> typ = StrictClaims.string(header, "typ", "header.typ");
        if (typ.isPresent() && !typ.get().equalsIgnoreCase("JWT")) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token header's typ is '" + quote(typ.get())
                    + "', expected JWT");
        }
        if (header.has("crit")) {
            throw new TokenRejectedException(Reason.MALFORMED,
                    "the token header has 'crit' extensions, none are understood here; mint it without them");
        }
    }

    private VerifiedToken readClaims(String apiKey, ObjectNode claims) throws TokenRejectedException {
        Instant now = clock.instant();
        OptionalLong exp = StrictClaims.epochSecond(claims, "exp");
        if (exp.isEmpty()) {
            throw new TokenRejectedException(Reason.NO_EXPIRY, "the token has no 'exp' claim; mint one that expires");
        }
        Instant expiresAt = Instant.ofEpochSecond(exp.getAsLong());
        if (now.isAfter(expiresAt.plus(LEEWAY))) {
            throw new TokenRejectedException(Reason.EXPIRED, "the token expired at " + expiresAt + ", it is now "
                    + now + " (leeway " + LEEWAY.toSeconds() + " s); get a new token");
        }
        OptionalLong nbf = StrictClaims.epochSecond(claims, "nbf");
        if (nbf.isPresent() && now.isBefore(Instant.ofEpochSecond(nbf.getAsLong()).minus(LEEWAY))) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "the token is valid from "
                    + Instant.ofEpochSecond(nbf.getAsLong()) + ", it is now " + now + " (leeway "
                    + LEEWAY.toSeconds() + " s); check both clocks");
        }
        String identity = StrictClaims.string(claims, "sub", "sub").orElse("");
        if (identity.isEmpty()) {
            throw new TokenRejectedException(Reason.NO_IDENTITY,
                    "the token has no 'sub' claim (participant identity); mint it with an identity");
        }
        return new VerifiedToken(
                apiKey,
                identity,
                StrictClaims.string(claims, "name", "name").orElse(""),
                StrictClaims.string(claims, "metadata", "metadata").orElse(""),
                StrictClaims.stringMap(claims, "attributes"),
                readGrant(claims),
                expiresAt);
    }

    private static VideoGrant readGrant(ObjectNode claims) throws TokenRejectedException {
        Optional<ObjectNode> video = StrictClaims.object(claims, "video", "video");
        if (video.isEmpty()) {
            return VideoGrant.none();
        }
        ObjectNode v = video.get();
        return new VideoGrant(
                flag(v, "roomJoin", false),
                StrictClaims.string(v, "room", "video.room").orElse(""),
                flag(v, "canPublish", true),
                flag(v, "canSubscribe", true),
                flag(v, "canPublishData", true),
                sources(v),
                flag(v, "hidden", false),
                flag(v, "roomAdmin", false),
                flag(v, "roomCreate", false),
                flag(v, "roomList", false));
    }

    private static boolean flag(ObjectNode video, String name, boolean absent) throws TokenRejectedException {
        return StrictClaims.bool(video, name, "video." + name).orElse(absent);
    }

    private static Set<PublishSource> sources(ObjectNode video) throws TokenRejectedException {
        Optional<Iterable<JsonNode>> list = StrictClaims.array(video, "canPublishSources", "video.canPublishSources");
        Set<PublishSource> out = EnumSet.noneOf(PublishSource.class);
        if (list.isEmpty()) {
            return out;
        }
        for (JsonNode n : list.get()) {
            if (!n.isTextual()) {
                throw StrictClaims.wrongType("video.canPublishSources[]", n, "a string");
            }
            out.add(PublishSource.fromClaimName(n.textValue()).orElseThrow(() -> new TokenRejectedException(
                    Reason.MALFORMED, "video.canPublishSources has '" + quote(n.textValue())
                            + "', expected camera, microphone, screen_share or screen_share_audio")));
        }
        return out;
    }

    /** Caps a value from the token before it goes into a message. */
    private static String quote(String value) {
        return value.length() <= MAX_QUOTED_CHARS ? value : value.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}

package dev.salle.rtc.token;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.rtc.token.TokenRejectedException.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Typed reads from a JSON object where a claim of the wrong type is {@link Reason#MALFORMED}.
 * A JSON {@code null} counts as absent, as it does for LiveKit's Go server. Thread-safe.
 */
final class StrictClaims {

    /** Largest NumericDate accepted: 9999-12-31T23:59:59Z. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictClaims() {}

    /** Parses a decoded part that must be a JSON object; {@code what} names it in errors. */
    static ObjectNode parseObject(byte[] json, String what) throws TokenRejectedException {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            // Jackson's message may quote the input; the reason is enough.
            throw new TokenRejectedException(Reason.MALFORMED, "the token's " + what
                    + " is not valid JSON (or repeats a member); mint the token with a JWT library");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading JSON from memory failed", e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's " + what
                    + " is JSON " + typeOf(node) + ", expected an object");
        }
        return object;
    }

    static Optional<String> string(ObjectNode obj, String name, String path) throws TokenRejectedException {
        JsonNode n = present(obj, name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw wrongType(path, n, "a string");
        }
        return Optional.of(n.textValue());
    }

    static Optional<Boolean> bool(ObjectNode obj, String name, String path) throws TokenRejectedException {
        JsonNode n = present(obj, name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw wrongType(path, n, "true or false");
        }
        return Optional.of(n.booleanValue());
    }

    static OptionalLong epochSecond(ObjectNode obj, String name) throws TokenRejectedException {
        JsonNode n = present(obj, name);
        if (n == null) {
            return OptionalLong.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw wrongType(name, n, "a whole number of seconds since 1970");
        }
        long v = n.longValue();
        if (v < 0 || v > MAX_EPOCH_SECOND) {
            throw new TokenRejectedException(Reason.MALFORMED, "claim '" + name + "' is " + v
                    + ", outside 0.." + MAX_EPOCH_SECOND + " seconds since 1970");
        }
        return OptionalLong.of(v);
    }

    static Optional<ObjectNode> object(ObjectNode obj, String name, String path) throws TokenRejectedException {
        JsonNode n = present(obj, name);
        if (n == null) {
            return Optional.empty();
        }
        if (!(n instanceof ObjectNode o)) {
            throw wrongType(path, n, "an object");
        }
        return Optional.of(o);
    }

    /** An object whose members are all strings. */
    static Map<String, String> stringMap(ObjectNode obj, String name) throws TokenRejectedException {
        Optional<ObjectNode> o = object(obj, name, name);
        Map<String, String> out = new LinkedHashMap<>();
        if (o.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : o.get().properties()) {
            if (!e.getValue().isTextual()) {
                throw wrongType(name + "." + e.getKey(), e.getValue(), "a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    static Optional<Iterable<JsonNode>> array(ObjectNode obj, String name, String path) throws TokenRejectedException {
        JsonNode n = present(obj, name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isArray()) {
            throw wrongType(path, n, "an array");
        }
        return Optional.of(n);
    }

    static TokenRejectedException wrongType(String path, JsonNode n, String expected) {
        return new TokenRejectedException(Reason.MALFORMED, "claim '" + path + "' is " + typeOf(n)
                + ", expected " + expected);
    }

    private static JsonNode present(ObjectNode obj, String name) {
        JsonNode n = obj.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private static String typeOf(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.salle.bridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Strict reading of request JSON objects: known fields only, each with its type. Stateless. */
final class Bodies {

    private static final int MAX_QUOTED = 64;

    private Bodies() {
    }

    /** Refuses fields outside {@code known}. */
    static void onlyFields(ObjectNode body, Set<String> known) {
        for (String name : (Iterable<String>) body::fieldNames) {
            if (!known.contains(name)) {
                throw ApiError.badRequest("unknown_field", "field '" + cap(name) + "' is not known here; send only "
                        + known.stream().sorted().toList());
            }
        }
    }

    /** A string field of 1 to {@code maxChars} characters, or empty when absent and optional. */
    static Optional<String> string(ObjectNode body, String name, boolean required, int maxChars) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiError.badRequest("missing_field", "field '" + name + "' is missing; send it as a string");
            }
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest("invalid_field", "field '" + name + "' is " + typeOf(n) + ", expected a string");
        }
        String v = n.textValue().strip();
        if (v.isEmpty() || v.length() > maxChars) {
            throw ApiError.badRequest("invalid_field", "field '" + name + "' has " + v.length()
                    + " characters; send 1 to " + maxChars);
        }
        return Optional.of(v);
    }

    static boolean bool(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            throw ApiError.badRequest("missing_field", "field '" + name + "' is missing; send true or false");
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest("invalid_field", "field '" + name + "' is " + typeOf(n)
                    + ", expected true or false");
        }
        return n.booleanValue();
    }

    static String typeOf(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Caps a value from the request before it goes into a message. */
    static String cap(String v) {
        return v.length() <= MAX_QUOTED ? v : v.substring(0, MAX_QUOTED) + "…";
    }
}

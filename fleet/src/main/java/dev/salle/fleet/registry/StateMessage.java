package dev.salle.fleet.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * A device's retained state message ({@code docs/fleet-protocol.md}), parsed strictly: a JSON
 * object with a boolean {@code online}; the text fields the fleet keeps, each short and without
 * control characters. Anything else is refused with a message; unknown fields are ignored (newer
 * devices may send more).
 */
public record StateMessage(boolean online, Optional<String> reason, Optional<String> version, Optional<String> room,
                           Optional<String> site, Optional<String> call) {

    public static final int MAX_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** @throws IllegalArgumentException saying what is wrong */
    public static StateMessage parse(byte[] payload) {
        if (payload.length > MAX_BYTES) {
            throw new IllegalArgumentException("a state message of " + payload.length + " bytes is over " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("the state message is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the state message is not a JSON object");
        }
        JsonNode online = root.get("online");
        if (online == null || !online.isBoolean()) {
            throw new IllegalArgumentException("the state message has no boolean 'online'");
        }
        return new StateMessage(online.asBoolean(), text(root, "reason", 32), text(root, "version", 64),
                text(root, "room", 80), text(root, "site", 80), text(root, "call", 32));
    }

    private static Optional<String> text(JsonNode root, String field, int max) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().length() > max || v.asText().chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the state message's '" + field + "' is not text of at most " + max
                    + " characters");
        }
        return Optional.of(v.asText());
    }
}

package dev.salle.device.page;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.salle.device.meeting.MeetingAddress;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the bodies of the control API's POSTs, strictly: at most {@value #MAX_BODY_BYTES} bytes,
 * one JSON object with only the keys the endpoint knows, each of the right type. An empty body
 * means "no options". Anything else is a {@link BadControlRequest} that names the problem.
 */
final class ControlRequests {

    static final int MAX_BODY_BYTES = 4096;
    static final String TOO_LARGE = "the request body is larger than " + MAX_BODY_BYTES
            + " bytes; send a small JSON object, see docs/control-api.md";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ControlRequests() {}

    /** The body of {@code POST /api/join}: the meeting to join, or empty for the room's own. */
    static Optional<String> join(byte[] body) throws BadControlRequest {
        Optional<JsonNode> object = object(body, "meeting", "{\"meeting\": \"https://visio.example/abc-defg-hij\"}");
        if (object.isEmpty() || !object.get().has("meeting")) {
            return Optional.empty();
        }
        JsonNode meeting = object.get().get("meeting");
        if (!meeting.isTextual()) {
            throw new BadControlRequest("'meeting' must be a string, not " + typeOf(meeting));
        }
        try {
            return Optional.of(MeetingAddress.check("meeting", meeting.textValue()));
        } catch (IllegalArgumentException e) {
            throw new BadControlRequest(e.getMessage());
        }
    }

    /** The body of {@code POST /api/mute}: the wanted state, or empty to toggle. */
    static Optional<Boolean> mute(byte[] body) throws BadControlRequest {
        Optional<JsonNode> object = object(body, "muted", "{\"muted\": true}");
        if (object.isEmpty() || !object.get().has("muted")) {
            return Optional.empty();
        }
        JsonNode muted = object.get().get("muted");
        if (!muted.isBoolean()) {
            throw new BadControlRequest("'muted' must be true or false, not " + typeOf(muted));
        }
        return Optional.of(muted.booleanValue());
    }

    /** The body of {@code POST /api/camera}: {@code {"off": true}} or {@code false}, or empty to toggle. */
    static Optional<Boolean> cameraOff(byte[] body) throws BadControlRequest {
        Optional<JsonNode> object = object(body, "off", "{\"off\": true}");
        if (object.isEmpty() || !object.get().has("off")) {
            return Optional.empty();
        }
        JsonNode off = object.get().get("off");
        if (!off.isBoolean()) {
            throw new BadControlRequest("'off' must be true or false, not " + typeOf(off));
        }
        return Optional.of(off.booleanValue());
    }

    /** The body of a POST that takes no options ({@code /api/leave}): empty, or {@code {}}. */
    static void none(byte[] body) throws BadControlRequest {
        object(body, null, "{}");
    }

    /** The body as a JSON object whose only key may be {@code key} (none when null); empty for an empty body. */
    private static Optional<JsonNode> object(byte[] body, String key, String example) throws BadControlRequest {
        if (body.length > MAX_BODY_BYTES) {
            throw new BadControlRequest(TOO_LARGE);
        }
        if (isBlank(body)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadControlRequest("the request body is not valid JSON (" + where(e) + "); send a JSON object such as " + example);
        } catch (java.io.IOException e) {
            throw new BadControlRequest("the request body could not be read as JSON; send a JSON object such as " + example);
        }
        if (!node.isObject()) {
            throw new BadControlRequest("the request body must be a JSON object such as " + example + ", not " + typeOf(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(key)) {
                throw new BadControlRequest("unknown key '" + abbreviate(name) + "' in the request body; "
                        + (key == null ? "this request takes no keys" : "the only key is '" + key + "'"));
            }
        }
        return Optional.of(node);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static String where(JacksonException e) {
        JsonLocation at = e.getLocation();
        String what = e.getOriginalMessage() == null ? "syntax error" : abbreviate(e.getOriginalMessage().lines().findFirst().orElse(""));
        return at == null ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}

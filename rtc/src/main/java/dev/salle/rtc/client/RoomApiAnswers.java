package dev.salle.rtc.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.rtc.client.RoomJoinException.Failure;
import java.net.URI;
import java.util.Optional;

/**
 * Parses the room API's JSON answers defensively: anything missing or of the wrong type is a
 * {@link Failure#MALFORMED_ANSWER} naming the field. Stateless and thread-safe.
 */
final class RoomApiAnswers {

    /** Largest answer body read, in characters. */
    static final int MAX_BODY_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A room: its id, display name and, when the caller may enter directly, the LiveKit access. */
    record RoomAnswer(String id, String name, Optional<LiveKitAccess> access) {
    }

    /** A lobby answer. */
    record EntryAnswer(String status, Optional<LiveKitAccess> access) {
    }

    private RoomApiAnswers() {
    }

    static RoomAnswer room(String body) throws RoomJoinException {
        JsonNode n = object(body, "room");
        return new RoomAnswer(text(n, "id", "room"), n.path("name").isTextual() ? n.get("name").asText() : "",
                access(n, "room"));
    }

    static EntryAnswer entry(String body) throws RoomJoinException {
        JsonNode n = object(body, "request-entry");
        String status = text(n, "status", "request-entry");
        if (!status.equals("waiting") && !status.equals("accepted") && !status.equals("denied")) {
            throw malformed("request-entry answer has status '" + MeetingUrl.shown(status)
                    + "'; expected waiting, accepted or denied");
        }
        Optional<LiveKitAccess> access = access(n, "request-entry");
        if (status.equals("accepted") && access.isEmpty()) {
            throw malformed("request-entry answer is accepted but has no livekit object");
        }
        return new EntryAnswer(status, access);
    }

    private static JsonNode object(String body, String what) throws RoomJoinException {
        if (body == null || body.isEmpty()) {
            throw malformed(what + " answer is empty; expected a JSON object");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw malformed(what + " answer has " + body.length() + " characters, more than the " + MAX_BODY_CHARS
                    + " accepted");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(what + " answer is not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (n == null || !n.isObject()) {
            throw malformed(what + " answer is not a JSON object");
        }
        return n;
    }

    private static Optional<LiveKitAccess> access(JsonNode n, String what) throws RoomJoinException {
        JsonNode lk = n.get("livekit");
        if (lk == null || lk.isNull()) {
            return Optional.empty();
        }
        if (!lk.isObject()) {
            throw malformed(what + " answer has a livekit field that is not an object");
        }
        String url = text(lk, "url", what + " livekit");
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw malformed(what + " answer has livekit.url '" + MeetingUrl.shown(url) + "' that is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!(scheme.equals("ws") || scheme.equals("wss") || scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null) {
            throw malformed(what + " answer has livekit.url '" + MeetingUrl.shown(url)
                    + "'; expected ws://, wss://, http:// or https:// with a host");
        }
        return Optional.of(new LiveKitAccess(uri, text(lk, "room", what + " livekit"), text(lk, "token", what + " livekit")));
    }

    private static String text(JsonNode n, String field, String what) throws RoomJoinException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw malformed(what + " answer has no text field '" + field + "'");
        }
        return v.asText();
    }

    private static RoomJoinException malformed(String message) {
        return new RoomJoinException(Failure.MALFORMED_ANSWER, message);
    }
}

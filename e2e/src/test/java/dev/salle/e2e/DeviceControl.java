package dev.salle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client of a {@link DeviceProcess}'s device page API, through {@link NamespaceHttp} (curl inside
 * the device's namespace).
 *
 * <ul>
 *   <li>{@code GET /api/state}, {@code GET /snapshot.jpg};</li>
 *   <li>{@code POST /api/button/press} (the simulated button);</li>
 *   <li>{@code POST /api/join} {@code {"meeting":"…"}}, {@code /api/leave} {@code {}},
 *       {@code /api/mute} {@code {"muted":true}}: 202 with {@code {"ok":true,…}} when accepted,
 *       400 or 409 with {@code {"ok":false,"error":…}} when not.</li>
 * </ul>
 * Every POST carries {@code X-Salle-Request: 1}. Methods that return a {@link Reply} report what the
 * device answered and never throw for an HTTP status; the others throw {@link IllegalStateException}
 * with the answer and the device's recent output when the device does not answer as it must.
 * Thread-safe.
 */
public final class DeviceControl {

    /** The header every POST to the device page must carry (a cross-origin page cannot send it). */
    public static final String REQUEST_HEADER = "X-Salle-Request";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NamespaceHttp http;
    private final URI page;
    private final Supplier<String> diagnostics;

    /**
     * @param http requests inside the device's namespace
     * @param page the device page's address, e.g. {@code http://127.0.0.1:41234/}
     * @param diagnostics what to add to a failure message (the device's recent output)
     */
    public DeviceControl(NamespaceHttp http, URI page, Supplier<String> diagnostics) {
        this.http = http;
        this.page = page;
        this.diagnostics = diagnostics;
    }

    /**
     * What the device answered to a POST.
     *
     * @param status the HTTP status
     * @param body the JSON body, or a missing node when the body is not JSON
     * @param text the body as text
     */
    public record Reply(int status, JsonNode body, String text) {

        /** 202 with {@code "ok": true}. */
        public boolean accepted() {
            return status == 202 && body.path("ok").asBoolean(false);
        }

        /** The {@code error} the device gave, or an empty string. */
        public String error() {
            return body.path("error").asText("");
        }
    }

    /** {@code GET /api/state}: the device, its call ({@code call.state} is {@code idle}, {@code in_call}, …), LED, screen and media. */
    public JsonNode state() {
        NamespaceHttp.Answer a = http.get(page.resolve("/api/state"));
        if (a.status() != 200) {
            throw failure("GET /api/state", a);
        }
        JsonNode node = parse(a.text());
        if (!node.isObject()) {
            throw failure("GET /api/state (not a JSON object)", a);
        }
        return node;
    }

    /** The call's state as the device names it: {@code state().path("call").path("state")}. */
    public String callState() {
        return state().path("call").path("state").asText();
    }

    /** {@code POST /api/button/press}: a short press of the (simulated) button; throws unless 202. */
    public void pressButton() {
        Reply r = post("/api/button/press", "");
        if (r.status() != 202) {
            throw failure("POST /api/button/press", r);
        }
    }

    /** {@code POST /api/join} with {@code {"meeting":"…"}}, or {@code {}} to join the configured meeting. */
    public Reply join(Optional<String> meeting) {
        ObjectNode body = JSON.createObjectNode();
        meeting.ifPresent(m -> body.put("meeting", m));
        return post("/api/join", body.toString());
    }

    /** {@code POST /api/leave} with {@code {}}. */
    public Reply leave() {
        return post("/api/leave", "{}");
    }

    /** {@code POST /api/mute} with {@code {"muted":true|false}}, or {@code {}} to toggle. */
    public Reply mute(Optional<Boolean> muted) {
        ObjectNode body = JSON.createObjectNode();
        muted.ifPresent(m -> body.put("muted", m));
        return post("/api/mute", body.toString());
    }

    /**
     * POSTs exactly {@code body} (as {@code application/json}, possibly malformed on purpose) with
     * {@code X-Salle-Request: 1}.
     */
    public Reply post(String path, String body) {
        return post(path, body, Map.of(REQUEST_HEADER, "1", "Content-Type", "application/json"));
    }

    /** POSTs {@code body} with exactly these headers (none added), e.g. to check the request header is required. */
    public Reply post(String path, String body, Map<String, String> headers) {
        NamespaceHttp.Answer a = http.exchange("POST", page.resolve(path), headers,
                Optional.of(body.getBytes(StandardCharsets.UTF_8)));
        return new Reply(a.status(), parse(a.text()), a.text());
    }

    /**
     * {@code GET /snapshot.jpg}: the latest screen snapshot.
     *
     * @throws IllegalStateException unless 200 with a body (503 while the display pipeline starts)
     */
    public byte[] snapshotJpeg() {
        NamespaceHttp.Answer a = http.get(page.resolve("/snapshot.jpg"));
        if (a.status() != 200 || a.body().length == 0) {
            throw failure("GET /snapshot.jpg", a);
        }
        return a.body();
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private IllegalStateException failure(String what, Object answer) {
        return new IllegalStateException(what + " at the device page " + page + " answered " + answer
                + "\n--- device output (end):\n" + diagnostics.get());
    }
}

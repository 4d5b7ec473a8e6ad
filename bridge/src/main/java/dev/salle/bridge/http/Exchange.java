package dev.salle.bridge.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.bridge.metrics.BridgeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request being answered: reading its query, cookies and bounded JSON body, and sending
 * exactly one response, which is counted under the route template. Used on one Jetty thread.
 */
final class Exchange {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    final Request request;
    final Response response;
    private final Callback callback;
    private final String route;
    private final BridgeMetrics metrics;

    Exchange(Request request, Response response, Callback callback, String route, BridgeMetrics metrics) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.route = route;
        this.metrics = metrics;
    }

    String method() {
        return request.getMethod();
    }

    /** A query parameter; 400 {@code invalid_query} when the query string cannot be decoded. */
    Optional<String> query(String name) {
        try {
            return Optional.ofNullable(Request.extractQueryParameters(request).getValue(name));
        } catch (RuntimeException e) {
            throw ApiError.badRequest("invalid_query", "the query string cannot be decoded (" + e.getMessage()
                    + "); percent-encode it as UTF-8");
        }
    }

    Optional<String> header(HttpHeader name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    Optional<String> cookie(String name) {
        return Request.getCookies(request).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }

    /**
     * Lets pages of any origin read this answer (CORS, {@code Access-Control-Allow-Origin: *}), as
     * LiveKit does for its validate paths: a browser client served from elsewhere must see their
     * status to fall back or report. Only for answers that need no cookie and reveal nothing more
     * than the status of the token the caller holds.
     */
    void allowAnyOrigin() {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }

    String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /** Refuses anything but {@code allowed} with 405. */
    void requireMethod(String allowed) {
        if (!allowed.equals(method())) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed);
            throw new ApiError(405, "method_not_allowed", method() + " is not allowed here; use " + allowed);
        }
    }

    /**
     * Reads the body as one JSON object of at most {@code maxBytes}.
     *
     * @throws ApiError 413 when larger, 415 when not JSON, 400 when malformed or not an object
     */
    ObjectNode readJsonObject(int maxBytes) {
        Optional<String> type = header(HttpHeader.CONTENT_TYPE);
        if (type.isPresent() && !type.get().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "the body is '" + Bodies.cap(type.get())
                    + "'; send JSON with Content-Type: application/json");
        }
        long declared = request.getLength();
        if (declared > maxBytes) {
            drain(declared);
            throw tooLarge(declared, maxBytes);
        }
        byte[] body;
        try (InputStream in = Request.asInputStream(request)) {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable_body", "the request body could not be read (" + e.getMessage()
                    + "); send it again");
        }
        if (body.length > maxBytes) {
            drain(DRAIN_LIMIT);
            throw tooLarge(body.length, maxBytes);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid_json", "the body is not valid JSON (" + e.getOriginalMessage()
                    + "); send one JSON object");
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_json", "the body is not valid JSON; send one JSON object");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiError.badRequest("invalid_json", "the body is empty; send one JSON object");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest("invalid_json", "the body is a JSON " + Bodies.typeOf(node)
                    + "; send one JSON object");
        }
        return object;
    }

    /** A refused body up to this size is read and thrown away, so the client gets its 413 rather than a reset. */
    static final long DRAIN_LIMIT = 1024 * 1024;

    /**
     * Reads and discards what is left of the request body (at most {@value #DRAIN_LIMIT} bytes)
     * before an error answer, so a client still uploading gets the answer on a connection in a
     * clean state instead of a reset.
     */
    void drainUnreadBody() {
        long declared = request.getLength();
        drain(declared < 0 ? DRAIN_LIMIT : declared);
    }

    private void drain(long declared) {
        if (declared > DRAIN_LIMIT) {
            return; // too big to be worth reading: Jetty closes the connection after the answer
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] sink = new byte[8192];
            long left = DRAIN_LIMIT;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away; the answer will not reach it either
        }
    }

    private static ApiError tooLarge(long size, int maxBytes) {
        return new ApiError(413, "body_too_large", "the body has " + (size > maxBytes ? "more than " + maxBytes
                : size) + " bytes, the limit is " + maxBytes + "; send a smaller one");
    }

    void sendJson(int status, JsonNode body) {
        try {
            send(status, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a JSON tree failed", e);
        }
    }

    void sendText(int status, String body) {
        send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    void sendError(ApiError e) {
        metrics.apiError(e.code());
        sendJson(e.status(), JSON.createObjectNode().put("error", e.code()).put("message", e.getMessage()));
    }

    void send(int status, String type, byte[] body) {
        metrics.httpRequest(route, status);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}

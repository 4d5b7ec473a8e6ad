package dev.salle.bridge.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One answer of the web client, ready to send: status, content type, body and extra headers
 * (the Content-Security-Policy of pages). Immutable; the body array is not copied, never change it.
 */
public record WebAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {

    public WebAnswer {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    static WebAnswer text(int status, String text) {
        return new WebAnswer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The body as UTF-8 text, for tests and logs. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

package dev.salle.device.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A java.net.http client for one device page server, with the control API's headers at hand. */
final class PageClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final DevicePageServer server;

    PageClient(DevicePageServer server) {
        this.server = server;
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)));
    }

    /** A POST with {@code X-Salle-Request: 1} and the given body (none when null). */
    HttpRequest.Builder post(String path, String body) {
        return at(path).header("X-Salle-Request", "1").header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Closes the client's connections, so that the server stops at once. */
    @Override
    public void close() {
        http.close();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}

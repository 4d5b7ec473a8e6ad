package dev.salle.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.config.BridgeLimits;
import dev.salle.bridge.config.ConfigException;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.AccessTokenVerifier;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.SplittableRandom;

/** A real bridge on 127.0.0.1, any free port, with a fake clock and known keys; plus an HTTP client. */
final class BridgeFixture implements AutoCloseable {

    static final String KEY = "testkey";
    static final String SECRET = "test-secret-that-is-long-enough-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeClock clock = new FakeClock();
    final ApiKeys keys = ApiKeys.parse(KEY + ": " + SECRET);
    final Bridge bridge;
    final HttpClient http = HttpClient.newHttpClient();

    BridgeFixture() {
        this(BridgeLimits.defaults());
    }

    BridgeFixture(BridgeLimits limits) {
        try {
            BridgeConfig config = BridgeConfig.validated(BridgeConfig.LOOPBACK, 0, BridgeConfig.DEFAULT_UDP_PORT, keys,
                    false, Optional.empty(), limits);
            bridge = Bridge.start(config, clock, new SplittableRandom(42));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    AccessTokenVerifier verifier() {
        return new AccessTokenVerifier(keys, clock);
    }

    /** A token minted with the bridge's own key. */
    String token(String identity, VideoGrant grant) {
        return new AccessTokenMinter(keys, KEY, clock).mint(TokenRequest.joinRoom(identity, "x").withGrant(grant));
    }

    String adminToken(String room) {
        return token("host", VideoGrant.joinRoom(room).withRoomAdmin(true));
    }

    String creatorToken() {
        return token("creator", VideoGrant.none().withRoomCreate(true));
    }

    URI uri(String pathAndQuery) {
        return URI.create(bridge.httpUri() + pathAndQuery);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"), headers);
    }

    HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    /** Creates a registered room through the API and returns its JSON. */
    JsonNode createRoom(String body) {
        HttpResponse<String> r = post("/api/v1.0/rooms/", body, "Authorization", "Bearer " + creatorToken());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("room creation answered " + r.statusCode() + ": " + r.body());
        }
        return json(r);
    }

    String metrics() {
        return get("/metrics").body();
    }

    @Override
    public void close() {
        http.shutdownNow();
        bridge.close();
    }
}

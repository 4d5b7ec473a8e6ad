package dev.salle.bridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.bridge.Bridge;
import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.config.BridgeLimits;
import dev.salle.bridge.config.ConfigException;
import dev.salle.bridge.signal.RtcSignalling;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The real bridge with its WebSocket signalling on 127.0.0.1 (any free port, no media port), a
 * fake clock and scheduler on the bridge side, and the host's side of the room API, for testing
 * the device's client classes against it.
 */
final class ClientBridge implements AutoCloseable {

    static final String KEY = "testkey";
    static final String SECRET = "test-secret-that-is-long-enough-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeClock bridgeClock = new FakeClock();
    final FakeScheduler bridgeScheduler = new FakeScheduler(bridgeClock);
    final ApiKeys keys = ApiKeys.parse(KEY + ": " + SECRET);
    final HttpClient http = HttpClient.newHttpClient();
    final Bridge bridge;

    ClientBridge() {
        try {
            bridge = Bridge.start(BridgeConfig.validated(BridgeConfig.LOOPBACK, 0, 0, keys, false, Optional.empty(),
                    BridgeLimits.defaults()), bridgeClock, new SplittableRandom(7),
                    services -> RtcSignalling.create(services, bridgeClock, bridgeScheduler, new SplittableRandom(11)));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    String token(String identity, String room) {
        return new AccessTokenMinter(keys, KEY, bridgeClock).mint(TokenRequest.joinRoom(identity, room)
                .withGrant(VideoGrant.joinRoom(room)));
    }

    String adminToken(String room) {
        return new AccessTokenMinter(keys, KEY, bridgeClock).mint(TokenRequest.joinRoom("host", room)
                .withGrant(VideoGrant.joinRoom(room).withRoomAdmin(true)));
    }

    URI livekitUrl() {
        return bridge.livekitUrl();
    }

    /** Creates a registered room through the API; returns its JSON. */
    JsonNode createRoom(String slug, String accessLevel) throws IOException, InterruptedException {
        String creator = new AccessTokenMinter(keys, KEY, bridgeClock).mint(TokenRequest.joinRoom("creator", "x")
                .withGrant(VideoGrant.none().withRoomCreate(true)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bridge.httpUri() + "/api/v1.0/rooms/"))
                .header("Authorization", "Bearer " + creator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug + "\",\"name\":\"Board\","
                        + "\"access_level\":\"" + accessLevel + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("room creation answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The ids of the guests waiting in a room's lobby, as its host sees them. */
    JsonNode waiting(String roomId) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bridge.httpUri() + "/api/v1.0/rooms/"
                + roomId + "/waiting-participants/")).header("Authorization", "Bearer " + adminToken(roomId)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("participants");
    }

    /** The host admits or denies a waiting guest. */
    int decide(String roomId, String participant, boolean allow) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(bridge.httpUri() + "/api/v1.0/rooms/" + roomId
                + "/enter/")).header("Authorization", "Bearer " + adminToken(roomId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"participant_id\":\"" + participant
                        + "\",\"allow_entry\":" + allow + "}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Override
    public void close() {
        bridge.close();
        http.shutdownNow();
    }
}

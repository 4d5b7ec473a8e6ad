package dev.salle.bridge;

import static dev.salle.bridge.BridgeFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.rtc.token.VerifiedToken;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LobbyApiTest {

    private final BridgeFixture f = new BridgeFixture();
    private final JsonNode room = f.createRoom("{\"name\":\"Board\",\"access_level\":\"restricted\"}");
    private final String id = room.get("id").asText();
    private final String host = "Bearer " + f.adminToken(id);

    @AfterEach
    void close() {
        f.close();
    }

    private HttpResponse<String> requestEntry(String username, String cookie) {
        String body = "{\"username\":\"" + username + "\"}";
        return cookie == null ? f.post(path("request-entry"), body) : f.post(path("request-entry"), body, "Cookie", cookie);
    }

    private String path(String action) {
        return "/api/v1.0/rooms/" + id + "/" + action + "/";
    }

    private static String cookieOf(HttpResponse<String> r) {
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private HttpResponse<String> decide(String participant, boolean allow) {
        return f.post(path("enter"), "{\"participant_id\":\"" + participant + "\",\"allow_entry\":" + allow + "}",
                "Authorization", host);
    }

    @Test
    void aGuestWaitsIsAdmittedAndThenGetsATokenForTheRoom() throws Exception {
        HttpResponse<String> first = requestEntry("Alice", null);
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode waiting = json(first);
        assertThat(waiting.get("status").asText()).isEqualTo("waiting");
        assertThat(waiting.get("username").asText()).isEqualTo("Alice");
        assertThat(waiting.get("color").asText()).startsWith("#");
        assertThat(waiting.has("livekit")).isFalse();
        String participant = waiting.get("id").asText();
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("lobbyParticipantId=" + participant).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");

        JsonNode list = json(f.get(path("waiting-participants"), "Authorization", host));
        assertThat(list.get("participants")).hasSize(1);
        assertThat(list.get("participants").get(0).get("id").asText()).isEqualTo(participant);

        HttpResponse<String> admitted = decide(participant, true);
        assertThat(admitted.statusCode()).isEqualTo(200);

        JsonNode accepted = json(requestEntry("Alice", cookieOf(first)));
        assertThat(accepted.get("status").asText()).isEqualTo("accepted");
        assertThat(accepted.get("id").asText()).isEqualTo(participant);
        assertThat(accepted.get("livekit").get("room").asText()).isEqualTo(id);
        VerifiedToken t = f.verifier().verify(accepted.get("livekit").get("token").asText());
        t.joinCheck(id);
        assertThat(t.identity()).isEqualTo(participant);
        assertThat(t.name()).isEqualTo("Alice");
        assertThat(json(f.get(path("waiting-participants"), "Authorization", host)).get("participants")).isEmpty();
        assertThat(f.metrics()).contains("salle_bridge_lobby_requests_total{outcome=\"waiting\"} 1")
                .contains("salle_bridge_lobby_requests_total{outcome=\"accepted\"} 1");
    }

    @Test
    void aHostWithARoomAdminBearerEntersTheRestrictedRoomDirectly() throws Exception {
        JsonNode asHost = json(f.get("/api/v1.0/rooms/" + id + "/?username=Host", "Authorization", host));
        VerifiedToken t = f.verifier().verify(asHost.get("livekit").get("token").asText());
        t.joinCheck(id);
        assertThat(t.identity()).isEqualTo("host");
        assertThat(t.grant().roomAdmin()).isTrue();
        assertThat(t.attributes()).containsEntry("room_role", "administrator").containsEntry("is_authenticated", "true");

        String otherRoomsHost = "Bearer " + f.adminToken("abc-defg-hij");
        assertThat(f.get("/api/v1.0/rooms/" + id + "/", "Authorization", otherRoomsHost).statusCode()).isEqualTo(403);
        assertThat(json(f.get("/api/v1.0/rooms/" + id + "/")).has("livekit")).isFalse();
    }

    @Test
    void aDeniedGuestIsToldSoAndNeverGetsAToken() {
        HttpResponse<String> first = requestEntry("Mallory", null);
        String participant = json(first).get("id").asText();
        assertThat(decide(participant, false).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            JsonNode again = json(requestEntry("Mallory", cookieOf(first)));
            assertThat(again.get("status").asText()).isEqualTo("denied");
            assertThat(again.has("livekit")).isFalse();
        }
        decide(participant, true);
        JsonNode afterLateAdmit = json(requestEntry("Mallory", cookieOf(first)));
        assertThat(afterLateAdmit.get("status").asText()).isEqualTo("denied");
        assertThat(afterLateAdmit.has("livekit")).isFalse();
    }

    @Test
    void aWaitingEntryExpiresThreeSecondsAfterTheLastPoll() {
        HttpResponse<String> first = requestEntry("Bob", null);
        String participant = json(first).get("id").asText();
        f.clock.advance(Duration.ofMillis(2500));
        assertThat(json(requestEntry("Bob", cookieOf(first))).get("id").asText()).isEqualTo(participant);
        f.clock.advance(Duration.ofMillis(2500));
        assertThat(json(f.get(path("waiting-participants"), "Authorization", host)).get("participants")).hasSize(1);

        f.clock.advance(Duration.ofMillis(600));
        assertThat(json(f.get(path("waiting-participants"), "Authorization", host)).get("participants")).isEmpty();
        HttpResponse<String> late = decide(participant, true);
        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(json(late).get("error").asText()).isEqualTo("participant_not_found");
        JsonNode fresh = json(requestEntry("Bob", cookieOf(first)));
        assertThat(fresh.get("status").asText()).isEqualTo("waiting");
        assertThat(fresh.get("id").asText()).isNotEqualTo(participant);
    }

    @Test
    void aPublicRoomAcceptsAtOnce() throws Exception {
        HttpResponse<String> r = f.post("/api/v1.0/rooms/abc-defg-hij/request-entry/", "{\"username\":\"Zoe\"}");
        JsonNode body = json(r);
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        f.verifier().verify(body.get("livekit").get("token").asText()).joinCheck("abc-defg-hij");
    }

    private HttpResponse<String> requestEntryToOpenRoom(String username) {
        return f.post("/api/v1.0/rooms/abc-defg-hij/request-entry/", "{\"username\":\"" + username + "\"}");
    }

    @Test
    void requestEntryIsThrottledPerAddressWithRetryAfter() {
        for (int i = 0; i < 150; i++) {
            assertThat(requestEntryToOpenRoom("G" + i).statusCode()).as("request %d", i).isEqualTo(200);
        }
        HttpResponse<String> refused = requestEntryToOpenRoom("G150");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(refused).get("error").asText()).isEqualTo("too_many_requests");
        f.clock.advance(Duration.ofMillis(400)); // 150 per minute refills one request every 0.4 s
        assertThat(requestEntryToOpenRoom("G151").statusCode()).isEqualTo(200);
        assertThat(requestEntryToOpenRoom("G152").statusCode()).isEqualTo(429);
        assertThat(f.metrics()).contains("salle_bridge_lobby_requests_total{outcome=\"throttled\"} 2");
    }

    @Test
    void hostEndpointsRefuseMissingForgedAndOtherRoomsTokens() {
        String forged = "Bearer " + f.adminToken(id).substring(0, f.adminToken(id).length() - 4) + "AAAA";
        String otherRoom = "Bearer " + f.adminToken("abc-defg-hij");
        String body = "{\"participant_id\":\"x\",\"allow_entry\":true}";
        assertThat(f.get(path("waiting-participants")).statusCode()).isEqualTo(401);
        assertThat(f.get(path("waiting-participants"), "Authorization", forged).statusCode()).isEqualTo(401);
        assertThat(f.get(path("waiting-participants"), "Authorization", otherRoom).statusCode()).isEqualTo(403);
        assertThat(f.post(path("enter"), body).statusCode()).isEqualTo(401);
        assertThat(f.post(path("enter"), body, "Authorization", forged).statusCode()).isEqualTo(401);
        assertThat(f.post(path("enter"), body, "Authorization", otherRoom).statusCode()).isEqualTo(403);
        assertThat(f.metrics()).contains("salle_bridge_token_rejections_total{reason=\"bad_signature\"} 2");
    }

    @Test
    void malformedLobbyRequestsAreRefusedAndChangeNothing() {
        String[][] entry = {
            {"{\"username\":", "invalid_json"},
            {"{\"username\":7}", "invalid_field"},
            {"{}", "missing_field"},
            {"{\"username\":\"a\",\"role\":\"host\"}", "unknown_field"},
            {"\"Alice\"", "invalid_json"},
        };
        for (String[] c : entry) {
            HttpResponse<String> r = f.post(path("request-entry"), c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(c[0]).isEqualTo(c[1]);
        }
        String participant = json(requestEntry("Carol", null)).get("id").asText();
        String[][] enter = {
            {"{\"participant_id\":\"" + participant + "\",\"allow_entry\":\"yes\"}", "invalid_field"},
            {"{\"participant_id\":\"" + participant + "\"}", "missing_field"},
            {"{\"participant_id\":5,\"allow_entry\":true}", "invalid_field"},
            {"not json", "invalid_json"},
        };
        for (String[] c : enter) {
            HttpResponse<String> r = f.post(path("enter"), c[0], "Authorization", host);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(c[0]).isEqualTo(c[1]);
        }
        HttpResponse<String> huge = f.post(path("request-entry"), "{\"username\":\"" + "u".repeat(20_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        JsonNode list = json(f.get(path("waiting-participants"), "Authorization", host)).get("participants");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("status").asText()).isEqualTo("waiting");
        HttpResponse<String> unknownRoom = f.post("/api/v1.0/rooms/0b0e3f5c-6d2a-4c1e-9a3b-2f1d4e5c6b7a/request-entry/",
                "{\"username\":\"a\"}");
        assertThat(unknownRoom.statusCode()).isEqualTo(404);
    }
}

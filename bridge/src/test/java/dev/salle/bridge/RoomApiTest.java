package dev.salle.bridge;

import static dev.salle.bridge.BridgeFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.rtc.token.PublishSource;
import dev.salle.rtc.token.VerifiedToken;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomApiTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private final BridgeFixture f = new BridgeFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void anUnregisteredSlugIsAnOpenRoomWhoseTokenTheVerifierAcceptsForThatRoom() throws Exception {
        HttpResponse<String> r = f.get("/api/v1.0/rooms/abc-defg-hij/?username=Salle%20Room");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode room = json(r);
        assertThat(room.get("id").asText()).isEqualTo("abc-defg-hij");
        assertThat(room.get("slug").asText()).isEqualTo("abc-defg-hij");
        assertThat(room.get("access_level").asText()).isEqualTo("public");
        assertThat(room.get("pin_code").isNull()).isTrue();
        assertThat(room.get("configuration").isObject()).isTrue();
        JsonNode lk = room.get("livekit");
        assertThat(lk.get("room").asText()).isEqualTo("abc-defg-hij");
        assertThat(lk.get("url").asText()).isEqualTo("ws://127.0.0.1:" + f.bridge.httpUri().getPort());

        VerifiedToken t = f.verifier().verify(lk.get("token").asText());
        t.joinCheck("abc-defg-hij");
        assertThat(t.identity()).matches(UUID_PATTERN);
        assertThat(t.name()).isEqualTo("Salle Room");
        assertThat(t.grant().canPublish()).isTrue();
        assertThat(t.grant().canSubscribe()).isTrue();
        assertThat(t.grant().canPublishData()).isTrue();
        assertThat(t.grant().canPublishSources()).containsExactlyInAnyOrder(PublishSource.values());
        assertThat(t.attributes()).containsEntry("room_role", "guest").containsEntry("is_authenticated", "false")
                .containsKey("color");
    }

    @Test
    void tenLettersNameTheSameRoomAsTheHyphenatedSlug() {
        JsonNode room = json(f.get("/api/v1.0/rooms/abcdefghij/"));
        assertThat(room.get("slug").asText()).isEqualTo("abc-defg-hij");
        assertThat(room.get("livekit").get("room").asText()).isEqualTo("abc-defg-hij");
    }

    @Test
    void aRegisteredRestrictedRoomHasAUuidAPinAndNoTokenForGuests() {
        JsonNode created = f.createRoom("{\"name\":\"Board room\",\"access_level\":\"restricted\"}");
        assertThat(created.get("id").asText()).matches(UUID_PATTERN);
        assertThat(created.get("pin_code").asText()).matches("[0-9]{10}");
        assertThat(created.get("slug").asText()).matches("[a-z]{3}-[a-z]{4}-[a-z]{3}");

        for (String ref : new String[] {created.get("id").asText(), created.get("slug").asText()}) {
            HttpResponse<String> r = f.get("/api/v1.0/rooms/" + ref + "/?username=bob");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode room = json(r);
            assertThat(room.get("access_level").asText()).isEqualTo("restricted");
            assertThat(room.get("name").asText()).isEqualTo("Board room");
            assertThat(room.has("livekit")).isFalse();
        }
    }

    @Test
    void aRegisteredPublicRoomsLivekitRoomIsItsId() throws Exception {
        JsonNode created = f.createRoom("{\"slug\":\"pub-room-one\",\"name\":\"Open\",\"access_level\":\"public\"}");
        JsonNode room = json(f.get("/api/v1.0/rooms/pub-room-one/"));
        String id = created.get("id").asText();
        assertThat(room.get("id").asText()).isEqualTo(id);
        assertThat(room.get("livekit").get("room").asText()).isEqualTo(id);
        f.verifier().verify(room.get("livekit").get("token").asText()).joinCheck(id);
    }

    @Test
    void theRequestsHostHeaderBecomesTheLivekitUrl() throws Exception {
        // java.net.http does not let a caller set Host
        String response = raw("GET /api/v1.0/rooms/abc-defg-hij/ HTTP/1.0\r\nHost: meet.site.example:7880\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").contains("\"url\":\"ws://meet.site.example:7880\"");
    }

    @Test
    void badSlugsAndUnknownIdsAreSpecificErrors() {
        HttpResponse<String> bad = f.get("/api/v1.0/rooms/ABC-defg-hij/");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("invalid_slug");
        HttpResponse<String> unknown = f.get("/api/v1.0/rooms/0b0e3f5c-6d2a-4c1e-9a3b-2f1d4e5c6b7a/");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("room_not_found");
        assertThat(f.metrics()).contains("salle_bridge_api_errors_total{error=\"invalid_slug\"} 1")
                .contains("salle_bridge_http_requests_total{path=\"/api/v1.0/rooms/{id}/\",code=\"404\"} 1");
    }

    @Test
    void anUndecodableQueryIsABadRequest() throws Exception {
        String response = raw("GET /api/v1.0/rooms/abc-defg-hij/?username=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400").contains("invalid_query").doesNotContain("livekit");
    }

    /** java.net.http refuses some requests a client could send; speak HTTP on a socket for those. */
    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", f.bridge.httpUri().getPort())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTooLongUsernameIsRefused() {
        HttpResponse<String> r = f.get("/api/v1.0/rooms/abc-defg-hij/?username=" + "x".repeat(101));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("invalid_field");
    }

    @Test
    void creatingARoomNeedsABearerWithRoomCreate() {
        String body = "{\"name\":\"x\"}";
        HttpResponse<String> none = f.post("/api/v1.0/rooms/", body);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> forged = f.post("/api/v1.0/rooms/", body, "Authorization",
                "Bearer " + f.creatorToken().substring(0, f.creatorToken().length() - 4) + "AAAA");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged).get("message").asText()).contains("BAD_SIGNATURE");
        HttpResponse<String> noGrant = f.post("/api/v1.0/rooms/", body, "Authorization",
                "Bearer " + f.adminToken("abc-defg-hij"));
        assertThat(noGrant.statusCode()).isEqualTo(403);
        assertThat(f.bridge.services().rooms().size()).isZero();
    }

    @Test
    void everyMalformedCreationIsRefusedAndCreatesNothing() {
        String auth = "Bearer " + f.creatorToken();
        String[][] cases = {
            {"{\"name\":", "invalid_json"},
            {"[1,2]", "invalid_json"},
            {"", "invalid_json"},
            {"{\"name\":\"a\"} {}", "invalid_json"},
            {"{\"name\":\"a\",\"name\":\"b\"}", "invalid_json"},
            {"{\"name\":42}", "invalid_field"},
            {"{}", "missing_field"},
            {"{\"name\":\"a\",\"access_level\":\"secret\"}", "invalid_field"},
            {"{\"name\":\"a\",\"slug\":\"NOT A SLUG\"}", "invalid_slug"},
            {"{\"name\":\"a\",\"admin\":true}", "unknown_field"},
            {"{\"name\":\"" + "n".repeat(101) + "\"}", "invalid_field"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = f.post("/api/v1.0/rooms/", c[0], "Authorization", auth);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(c[0]).isEqualTo(c[1]);
        }
        HttpResponse<String> huge = f.post("/api/v1.0/rooms/", "{\"name\":\"" + "h".repeat(17 * 1024) + "\"}",
                "Authorization", auth);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).get("error").asText()).isEqualTo("body_too_large");
        HttpResponse<String> form = f.send(java.net.http.HttpRequest.newBuilder(f.uri("/api/v1.0/rooms/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=x"))
                .header("Content-Type", "application/x-www-form-urlencoded"), "Authorization", auth);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(f.bridge.services().rooms().size()).isZero();
        assertThat(f.metrics()).contains("salle_bridge_rooms 0")
                .contains("salle_bridge_api_errors_total{error=\"invalid_json\"} 5");
    }

    @Test
    void aTakenSlugIsAConflict() {
        f.createRoom("{\"slug\":\"abc-defg-hij\",\"name\":\"a\"}");
        HttpResponse<String> r = f.post("/api/v1.0/rooms/", "{\"slug\":\"abcdefghij\",\"name\":\"b\"}",
                "Authorization", "Bearer " + f.creatorToken());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).get("error").asText()).isEqualTo("slug_taken");
        assertThat(f.metrics()).contains("salle_bridge_rooms 1");
    }

    @Test
    void wrongMethodsAndUnknownPathsAreJsonErrors() {
        HttpResponse<String> put = f.send(java.net.http.HttpRequest.newBuilder(f.uri("/api/v1.0/rooms/abc-defg-hij/"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> other = f.get("/api/v1.0/rooms/abc-defg-hij/nothing/");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(json(other).get("error").asText()).isEqualTo("not_found");
    }
}

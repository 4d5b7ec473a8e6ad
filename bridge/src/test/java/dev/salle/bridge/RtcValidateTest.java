package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.salle.rtc.token.VideoGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtcValidateTest {

    private final BridgeFixture f = new BridgeFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private String signed(String secret, String room, Date exp) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(BridgeFixture.KEY).subject("alice")
                .notBeforeTime(Date.from(f.clock.instant())).expirationTime(exp)
                .claim("video", Map.of("roomJoin", true, "room", room)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private Date inOneHour() {
        return Date.from(f.clock.instant().plus(Duration.ofHours(1)));
    }

    private HttpResponse<String> validate(String token) {
        return f.get("/rtc/validate?access_token=" + token);
    }

    @Test
    void aGoodTokenIsValid() throws Exception {
        HttpResponse<String> r = validate(signed(BridgeFixture.SECRET, "room-a", inOneHour()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("success");
    }

    @Test
    void anExpiredTokenIsRefusedWithItsReasonAndNeverEchoed() throws Exception {
        String token = signed(BridgeFixture.SECRET, "room-a", Date.from(f.clock.instant().minus(Duration.ofMinutes(5))));
        HttpResponse<String> r = validate(token);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("EXPIRED").doesNotContain(token).doesNotContain(BridgeFixture.SECRET);
        assertThat(f.metrics()).contains("salle_bridge_token_rejections_total{reason=\"expired\"} 1");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
        String token = signed("another-secret-that-is-also-long-enough-xyz", "room-a", inOneHour());
        HttpResponse<String> r = validate(token);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("BAD_SIGNATURE").doesNotContain(token).doesNotContain(BridgeFixture.SECRET);
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = f.clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
        String payload = b64.encodeToString(("{\"iss\":\"testkey\",\"sub\":\"eve\",\"exp\":" + exp
                + ",\"video\":{\"roomJoin\":true,\"room\":\"room-a\"}}").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = validate(header + "." + payload + ".");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("BAD_ALGORITHM");
    }

    @Test
    void aTokenForAnotherRoomIsRefusedWhenTheRoomIsAsked() throws Exception {
        HttpResponse<String> r = f.get("/rtc/validate?room=room-b&access_token="
                + signed(BridgeFixture.SECRET, "room-a", inOneHour()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("WRONG_ROOM");
    }

    @Test
    void aTokenWithoutRoomJoinIsRefused() {
        HttpResponse<String> r = validate(f.token("bob", VideoGrant.none().withRoomCreate(true)));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("NO_ROOM_JOIN");
    }

    @Test
    void noTokenIsRefused() {
        HttpResponse<String> r = f.get("/rtc/validate");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("MALFORMED");
    }

    @Test
    void theV1PathsAreNotFoundWithoutTheRoomMissingPhraseSoClientsFallBackToV0() {
        for (String path : new String[] {"/rtc/v1", "/rtc/v1/validate?access_token=x"}) {
            HttpResponse<String> r = f.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("requested room does not exist").contains("/rtc");
        }
    }

    @Test
    void theV0SignallingPathSaysItIsNotBuiltYet() {
        HttpResponse<String> r = f.get("/rtc?access_token=x");
        assertThat(r.statusCode()).isEqualTo(501);
        assertThat(r.body()).contains("not built");
        // counted when the handler's write completes, which may be just after the client has read it
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(f.metrics())
                .contains("salle_bridge_http_requests_total{path=\"/rtc\",code=\"501\"} 1"));
    }
}

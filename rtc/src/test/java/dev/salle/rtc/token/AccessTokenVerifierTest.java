package dev.salle.rtc.token;

import static dev.salle.rtc.token.HandMadeJwt.HS256_HEADER;
import static dev.salle.rtc.token.HandMadeJwt.b64;
import static dev.salle.rtc.token.HandMadeJwt.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.salle.rtc.token.TokenRejectedException.Reason;
import dev.salle.testkit.FakeClock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTest {

    private static final String KEY = "APIbridge";
    private static final String SECRET = "bridge-secret-0123456789abcdefghijklmnopqrstuv";
    private static final String OTHER_SECRET = "other-secret-0123456789abcdefghijklmnopqrstuvw";

    private final FakeClock clock = new FakeClock();
    private final long now = clock.instant().getEpochSecond();
    private final AccessTokenVerifier verifier =
            new AccessTokenVerifier(ApiKeys.of(Map.of(KEY, SECRET, "devkey", "secret")), clock);

    private String payload(String extra) {
        return "{\"iss\":\"" + KEY + "\",\"sub\":\"alice\",\"nbf\":" + now + ",\"exp\":" + (now + 3600)
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String token, Reason reason) {
        return assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(token);
    }

    @Test
    void acceptsAHandSignedTokenAndReadsEveryClaim() throws Exception {
        String token = signed(HS256_HEADER, payload("\"name\":\"Alice\",\"metadata\":\"{\\\"x\\\":1}\","
                + "\"attributes\":{\"room_role\":\"owner\",\"color\":\"#ff0000\"},"
                + "\"video\":{\"roomJoin\":true,\"room\":\"abc-defg-hij\",\"canPublish\":false,"
                + "\"canPublishSources\":[\"camera\",\"microphone\"],\"hidden\":true,\"roomAdmin\":true,"
                + "\"roomCreate\":true,\"roomList\":true,\"canPublishData\":false,\"recorder\":true}"), SECRET);

        VerifiedToken t = verifier.verify(token);

        assertThat(t.apiKey()).isEqualTo(KEY);
        assertThat(t.identity()).isEqualTo("alice");
        assertThat(t.name()).isEqualTo("Alice");
        assertThat(t.metadata()).isEqualTo("{\"x\":1}");
        assertThat(t.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("room_role", "owner", "color", "#ff0000"));
        assertThat(t.expiresAt().getEpochSecond()).isEqualTo(now + 3600);
        assertThat(t.grant()).isEqualTo(new VideoGrant(true, "abc-defg-hij", false, true, false,
                java.util.Set.of(PublishSource.CAMERA, PublishSource.MICROPHONE), true, true, true, true));
    }

    @Test
    void aTokenWithoutVideoGrantGetsLiveKitDefaults() throws Exception {
        VerifiedToken t = verifier.verify(signed(HS256_HEADER, payload(""), SECRET));

        assertThat(t.grant()).isEqualTo(VideoGrant.none());
        assertThat(t.grant().canPublish()).isTrue();
        assertThat(t.grant().canSubscribe()).isTrue();
        assertThat(t.grant().roomJoin()).isFalse();
        assertThat(t.name()).isEmpty();
        assertThat(t.attributes()).isEmpty();
    }

    @Test
    void acceptsATokenSignedByNimbusWithTheSameKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer(KEY).subject("bob").notBeforeTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(60)))
                .claim("video", Map.of("roomJoin", true, "room", "r1")).build());
        jwt.sign(new MACSigner(SECRET));

        VerifiedToken t = verifier.verify(jwt.serialize());

        assertThat(t.identity()).isEqualTo("bob");
        assertThat(t.grant().room()).isEqualTo("r1");
    }

    @Test
    void acceptsTheDevelopmentKey() throws Exception {
        String token = signed(HS256_HEADER, payload("").replace(KEY, "devkey"), "secret");

        assertThat(verifier.verify(token).apiKey()).isEqualTo("devkey");
    }

    @Test
    void refusesAlgNoneEvenWithoutSignature() {
        String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload("")) + ".";

        assertRejected(token, Reason.BAD_ALGORITHM).hasMessageContaining("'none'");
    }

    @Test
    void refusesOtherAlgorithmsEvenWhenTheHmacMatches() {
        assertRejected(signed("{\"alg\":\"HS512\"}", payload(""), SECRET), Reason.BAD_ALGORITHM)
                .hasMessageContaining("HS512");
        assertRejected(signed("{\"alg\":\"RS256\"}", payload(""), SECRET), Reason.BAD_ALGORITHM);
        assertRejected(signed("{\"alg\":\"hs256\"}", payload(""), SECRET), Reason.BAD_ALGORITHM);
    }

    @Test
    void refusesTokensWithTheWrongNumberOfParts() {
        String good = signed(HS256_HEADER, payload(""), SECRET);
        String[] parts = good.split("\\.");

        assertRejected(parts[0] + "." + parts[1], Reason.MALFORMED).hasMessageContaining("2 dot-separated parts");
        assertRejected(good + ".extra", Reason.MALFORMED).hasMessageContaining("4 dot-separated parts");
        assertRejected("garbage", Reason.MALFORMED);
        assertRejected(parts[0] + "." + parts[1] + ".", Reason.MALFORMED).hasMessageContaining("no signature");
        assertThatThrownBy(() -> verifier.verify("")).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void refusesGarbledBase64AndNonJsonParts() {
        String good = signed(HS256_HEADER, payload(""), SECRET);
        String[] parts = good.split("\\.");

        assertRejected("%%%." + parts[1] + "." + parts[2], Reason.MALFORMED).hasMessageContaining("header");
        assertRejected(b64("not json") + "." + parts[1] + "." + parts[2], Reason.MALFORMED)
                .hasMessageContaining("not valid JSON");
        assertRejected(b64("[1,2]") + "." + parts[1] + "." + parts[2], Reason.MALFORMED)
                .hasMessageContaining("expected an object");
        assertRejected(parts[0] + "." + parts[1] + "=." + parts[2], Reason.MALFORMED);
        assertRejected(signed(HS256_HEADER, "{\"iss\":", SECRET), Reason.MALFORMED).hasMessageContaining("payload");
    }

    @Test
    void refusesASignatureWithNonCanonicalTrailingBits() {
        String good = signed(HS256_HEADER, payload(""), SECRET);
        char last = good.charAt(good.length() - 1);
        // 32 bytes are 43 base64 characters; the last one carries 2 unused bits.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);

        assertRejected(good.substring(0, good.length() - 1) + sibling, Reason.MALFORMED)
                .hasMessageContaining("signature");
    }

    @Test
    void refusesATamperedPayload() {
        String good = signed(HS256_HEADER, payload("\"video\":{\"roomJoin\":true,\"room\":\"r1\"}"), SECRET);
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + b64(payload("\"video\":{\"roomJoin\":true,\"room\":\"r1\",\"roomAdmin\":true}"))
                + "." + parts[2];

        assertRejected(forged, Reason.BAD_SIGNATURE).hasMessageContaining(KEY);
    }

    @Test
    void refusesATokenSignedWithAnotherSecretUnderAKnownKey() {
        assertRejected(signed(HS256_HEADER, payload(""), OTHER_SECRET), Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesAnUnknownKeyNamingItButNotTheSecret() {
        assertRejected(signed(HS256_HEADER, payload("").replace(KEY, "APIstranger"), SECRET), Reason.UNKNOWN_KEY)
                .hasMessageContaining("APIstranger");
    }

    @Test
    void refusesATokenWithoutIssuer() {
        assertRejected(signed(HS256_HEADER, "{\"sub\":\"a\",\"exp\":" + (now + 60) + "}", SECRET), Reason.MALFORMED)
                .hasMessageContaining("'iss'");
    }

    @Test
    void acceptsAnExpiredTokenWithinTheLeeway() throws Exception {
        String token = signed(HS256_HEADER, payload("").replace("\"exp\":" + (now + 3600), "\"exp\":" + now), SECRET);
        clock.advance(Duration.ofSeconds(60));

        assertThat(verifier.verify(token).identity()).isEqualTo("alice");
    }

    @Test
    void refusesATokenExpiredBeyondTheLeeway() {
        String token = signed(HS256_HEADER, payload("").replace("\"exp\":" + (now + 3600), "\"exp\":" + now), SECRET);
        clock.advance(Duration.ofSeconds(61));

        assertRejected(token, Reason.EXPIRED).hasMessageContaining("2026-01-01T09:00:00Z");
    }

    @Test
    void acceptsANotBeforeWithinTheLeewayAndRefusesOneBeyond() throws Exception {
        String soon = signed(HS256_HEADER, payload("").replace("\"nbf\":" + now, "\"nbf\":" + (now + 60)), SECRET);
        String later = signed(HS256_HEADER, payload("").replace("\"nbf\":" + now, "\"nbf\":" + (now + 61)), SECRET);

        assertThat(verifier.verify(soon).identity()).isEqualTo("alice");
        assertRejected(later, Reason.NOT_YET_VALID);
    }

    @Test
    void refusesATokenWithoutExpiry() {
        assertRejected(signed(HS256_HEADER, "{\"iss\":\"" + KEY + "\",\"sub\":\"a\"}", SECRET), Reason.NO_EXPIRY);
    }

    @Test
    void refusesATokenWithoutOrWithEmptyIdentity() {
        assertRejected(signed(HS256_HEADER, payload("").replace("\"sub\":\"alice\",", ""), SECRET), Reason.NO_IDENTITY);
        assertRejected(signed(HS256_HEADER, payload("").replace("\"alice\"", "\"\""), SECRET), Reason.NO_IDENTITY);
    }

    @Test
    void refusesClaimsOfTheWrongType() {
        assertRejected(signed(HS256_HEADER, payload("\"video\":{\"canPublish\":\"yes\"}"), SECRET), Reason.MALFORMED)
                .hasMessageContaining("video.canPublish").hasMessageContaining("is string");
        assertRejected(signed(HS256_HEADER, payload("").replace("\"sub\":\"alice\"", "\"sub\":42"), SECRET),
                Reason.MALFORMED).hasMessageContaining("'sub'");
        assertRejected(signed(HS256_HEADER, payload("").replace("\"exp\":" + (now + 3600), "\"exp\":\"" + (now + 3600) + "\""),
                SECRET), Reason.MALFORMED).hasMessageContaining("'exp'");
        assertRejected(signed(HS256_HEADER, payload("").replace("\"exp\":" + (now + 3600), "\"exp\":" + (now + 3600) + ".5"),
                SECRET), Reason.MALFORMED).hasMessageContaining("'exp'");
        assertRejected(signed(HS256_HEADER, payload("\"attributes\":{\"n\":1}"), SECRET), Reason.MALFORMED)
                .hasMessageContaining("attributes.n");
        assertRejected(signed(HS256_HEADER, payload("\"video\":[]"), SECRET), Reason.MALFORMED)
                .hasMessageContaining("'video'");
        assertRejected(signed(HS256_HEADER, payload("\"video\":{\"canPublishSources\":[\"webcam\"]}"), SECRET),
                Reason.MALFORMED).hasMessageContaining("webcam");
        assertRejected(signed(HS256_HEADER, payload("\"video\":{\"canPublishSources\":\"camera\"}"), SECRET),
                Reason.MALFORMED).hasMessageContaining("video.canPublishSources");
    }

    @Test
    void refusesARepeatedClaim() {
        String twoSubjects = payload("\"sub\":\"mallory\"");

        assertRejected(signed(HS256_HEADER, twoSubjects, SECRET), Reason.MALFORMED).hasMessageContaining("payload");
    }

    @Test
    void refusesCriticalHeaderExtensionsAndForeignTypes() {
        assertRejected(signed("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}", payload(""), SECRET),
                Reason.MALFORMED).hasMessageContaining("crit");
        assertRejected(signed("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", payload(""), SECRET), Reason.MALFORMED)
                .hasMessageContaining("typ");
    }

    @Test
    void refusesATokenLargerThanEightKibibytesBeforeParsingIt() {
        String huge = "x".repeat(AccessTokenVerifier.MAX_TOKEN_CHARS + 1);

        assertRejected(huge, Reason.TOO_LARGE).hasMessageContaining("8193 characters");
    }

    @Test
    void acceptsATokenOfExactlyTheSizeLimit() throws Exception {
        // Base64 lengths skip some values, so vary both the header spacing and the metadata length.
        String token = null;
        for (int spaces = 0; spaces < 3 && token == null; spaces++) {
            String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"" + " ".repeat(spaces) + "}";
            for (int n = 5900; n < 6200 && token == null; n++) {
                String candidate = signed(header, payload("\"metadata\":\"" + "m".repeat(n) + "\""), SECRET);
                if (candidate.length() == AccessTokenVerifier.MAX_TOKEN_CHARS) {
                    token = candidate;
                }
            }
        }
        assertThat(token).as("a token of exactly the limit").isNotNull();

        assertThat(verifier.verify(token).metadata()).startsWith("mmm");
    }
}

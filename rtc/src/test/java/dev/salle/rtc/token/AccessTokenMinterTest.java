package dev.salle.rtc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.token.TokenRejectedException.Reason;
import dev.salle.testkit.FakeClock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenMinterTest {

    private static final String SECRET = "minter-secret-0123456789abcdefghijklmnopq";

    private final FakeClock clock = new FakeClock();
    private final ApiKeys keys = ApiKeys.of(Map.of("APImint", SECRET));
    private final AccessTokenMinter minter = new AccessTokenMinter(keys, "APImint", clock);
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(keys, clock);

    @Test
    void aMintedTokenVerifiesWithEveryFieldIntact() throws Exception {
        VideoGrant grant = VideoGrant.joinRoom("9f1c-room").withCanPublishSources(Set.of(PublishSource.SCREEN_SHARE))
                .withCanSubscribe(false).withHidden(true).withRoomAdmin(true).withCanPublishData(false);
        TokenRequest request = TokenRequest.joinRoom("device-7", "ignored").withGrant(grant).withName("Salle Jaurès")
                .withMetadata("m").withAttributes(Map.of("room_role", "device")).withTtl(Duration.ofMinutes(10));

        VerifiedToken t = verifier.verify(minter.mint(request));

        assertThat(t.identity()).isEqualTo("device-7");
        assertThat(t.name()).isEqualTo("Salle Jaurès");
        assertThat(t.metadata()).isEqualTo("m");
        assertThat(t.attributes()).containsExactlyEntriesOf(Map.of("room_role", "device"));
        assertThat(t.grant()).isEqualTo(grant);
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    void tokensLastSixHoursByDefault() throws Exception {
        VerifiedToken t = verifier.verify(minter.mint(TokenRequest.joinRoom("alice", "r1")));

        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(6)));
    }

    @Test
    void aMintedTokenStopsWorkingAfterItsTtlAndLeeway() throws Exception {
        String token = minter.mint(TokenRequest.joinRoom("alice", "r1").withTtl(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void theHeaderSaysHs256AndJwt() {
        String token = minter.mint(TokenRequest.joinRoom("alice", "r1"));

        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        assertThat(header).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    }

    @Test
    void refusesToMintWithAnUnknownKey() {
        assertThatThrownBy(() -> new AccessTokenMinter(keys, "APIother", clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("APIother")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void refusesToMintATokenVerifiersWouldRefuseAsTooLarge() {
        TokenRequest request = TokenRequest.joinRoom("alice", "r1").withMetadata("x".repeat(7000));

        assertThatThrownBy(() -> minter.mint(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8192");
    }

    @Test
    void requestsRefuseABlankIdentityAndANonPositiveTtl() {
        assertThatThrownBy(() -> TokenRequest.joinRoom(" ", "r1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> TokenRequest.joinRoom("a", "r1").withTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> VideoGrant.joinRoom("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room");
    }
}

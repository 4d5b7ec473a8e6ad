package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bridge.config.BridgeLimits;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignallingAdmissionTest {

    private SignalFixture f = new SignalFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    /** The HTTP status the server answered a WebSocket upgrade with, which must not be 101. */
    private int refusedUpgradeStatus(URI uri) {
        Throwable thrown = Assertions.catchThrowable(() -> SignalClient.connect(f.http, uri).close());
        assertThat(thrown).as("the upgrade should be refused").isNotNull();
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("cause of " + thrown).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    private String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badTokensAreRefusedWith401AtTheUpgradeAndCreateNoParticipant() {
        String good = f.token("alice");
        String[] parts = good.split("\\.");
        String otherSecret = new AccessTokenMinter(ApiKeys.parse(SignalFixture.KEY
                + ": another-secret-that-is-long-enough-9876543210"), SignalFixture.KEY, f.clock)
                .mint(TokenRequest.joinRoom("alice", SignalFixture.ROOM));
        String algNone = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String noRoom = f.token("alice", new VideoGrant(true, "", true, true, true, Set.of(), false, false, false,
                false));
        String noRoomJoin = f.token("alice", new VideoGrant(false, SignalFixture.ROOM, true, true, true, Set.of(),
                false, false, false, false));

        for (String token : new String[] {otherSecret, algNone, noRoom, noRoomJoin}) {
            assertThat(refusedUpgradeStatus(f.rtc(token))).isEqualTo(401);
        }
        f.clock.advance(Duration.ofHours(7));
        assertThat(refusedUpgradeStatus(f.rtc(good))).isEqualTo(401);

        String metrics = f.metrics();
        assertThat(metrics).contains("salle_bridge_participants 0")
                .contains("salle_bridge_token_rejections_total{reason=\"bad_signature\"} 1")
                .contains("salle_bridge_token_rejections_total{reason=\"bad_algorithm\"} 1")
                .contains("salle_bridge_token_rejections_total{reason=\"wrong_room\"} 1")
                .contains("salle_bridge_token_rejections_total{reason=\"no_room_join\"} 1")
                .contains("salle_bridge_token_rejections_total{reason=\"expired\"} 1")
                .contains("salle_bridge_signal_refused_joins_total{reason=\"token\"} 5");
        assertThat(f.signalling.get().participantCount()).isZero();
    }

    @Test
    void aParticipantInTheRoomStaysConnectedWhileBadTokensAreRefused() {
        SignalFixture.Joined bob = f.join("bob");
        String good = f.token("alice");
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA";
        String algNone = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + good.split("\\.")[1] + ".";

        for (String token : new String[] {forged, algNone, "not-a-jwt"}) {
            assertThat(refusedUpgradeStatus(f.rtc(token))).isEqualTo(401);
        }

        bob.client().send(livekit.LivekitRtc.SignalRequest.newBuilder().setPing(3).build());
        bob.client().await(livekit.LivekitRtc.SignalResponse.MessageCase.PONG);
        SignalClient.assertOpen(bob.client());
        assertThat(f.signalling.get().participantCount()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsExplainedInTheBodyWithoutEchoingIt() {
        String token = f.token("alice");
        f.clock.advance(Duration.ofHours(7));

        HttpResponse<String> r = f.get(f.rtc(token));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("EXPIRED").doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void aBadQueryIsRefusedWith400NamingTheParameter() {
        assertThat(refusedUpgradeStatus(f.rtcQuery("protocol=17"))).isEqualTo(400);
        HttpResponse<String> r = f.get(f.rtcQuery("access_token=" + f.token("alice") + "&protocol=banana"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("protocol").contains("banana");
        assertThat(f.metrics()).contains("salle_bridge_signal_refused_joins_total{reason=\"bad_query\"} 2")
                .contains("salle_bridge_participants 0");
    }

    @Test
    void aPlainHttpRequestWithAGoodTokenIsToldToUseAWebSocket() {
        HttpResponse<String> r = f.get(f.rtc(f.token("alice")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("WebSocket");
        assertThat(f.signalling.get().participantCount()).isZero();
    }

    @Test
    void aFullRoomRefusesANewcomerWith403ButLetsTheSameIdentityReplaceItself() {
        f.close();
        BridgeLimits d = BridgeLimits.defaults();
        f = new SignalFixture(new BridgeLimits(d.maxRooms(), 1, d.maxSignalMessageBytes(), d.maxRequestBodyBytes()));
        f.join("alice");

        assertThat(refusedUpgradeStatus(f.rtc(f.token("bob")))).isEqualTo(403);
        SignalFixture.Joined again = f.join("alice");

        assertThat(again.join().getMessageCase()).isEqualTo(MessageCase.JOIN);
        assertThat(f.metrics()).contains("salle_bridge_signal_refused_joins_total{reason=\"room_full\"} 1")
                .contains("salle_bridge_participants 1");
    }

    @Test
    void assertionHelperFailsWhenTheUpgradeSucceeds() {
        assertThatThrownBy(() -> refusedUpgradeStatus(f.rtc(f.token("alice")))).isInstanceOf(AssertionError.class);
    }
}

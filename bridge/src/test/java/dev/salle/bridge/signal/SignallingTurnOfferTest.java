package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.config.TurnOffer;
import dev.salle.rtc.turn.TurnRestCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import livekit.LivekitRtc.ICEServer;
import livekit.LivekitRtc.JoinResponse;
import org.junit.jupiter.api.Test;

/** With {@code --turn-url}/{@code --turn-secret}, every JoinResponse carries the TURN servers with credentials of its own. */
class SignallingTurnOfferTest {

    private static final String TURN_SECRET = "coturn-shared-secret-0123";

    @Test
    void eachParticipantGetsTheTurnUrlsWithTimeLimitedCredentialsOfItsOwn() throws Exception {
        TurnOffer offer = TurnOffer.validated(List.of("turn:10.77.0.2:3478?transport=udp", "turns:turn.example.org"),
                Optional.of(TURN_SECRET)).orElseThrow();
        try (SignalFixture f = new SignalFixture(Optional.of(offer))) {
            JoinResponse alice = f.join("alice").join().getJoin();
            JoinResponse bob = f.join("bob").join().getJoin();

            assertThat(alice.getIceServersList()).hasSize(1);
            ICEServer server = alice.getIceServers(0);
            assertThat(server.getUrlsList()).containsExactly("turn:10.77.0.2:3478?transport=udp",
                    "turns:turn.example.org:5349?transport=tcp");
            long expiry = f.clock.instant().plus(Duration.ofHours(6)).getEpochSecond();
            assertThat(server.getUsername()).isEqualTo(expiry + ":" + alice.getParticipant().getSid());
            assertThat(server.getCredential()).isEqualTo(TurnRestCredentials.issue(TURN_SECRET.getBytes(),
                    alice.getParticipant().getSid(), f.clock.instant(), Duration.ofHours(6)).password());
            assertThat(bob.getIceServers(0).getUsername()).isNotEqualTo(server.getUsername());
        }
    }

    @Test
    void aResumeHoursLaterGetsTheTurnServersWithFreshCredentialsInItsReconnectResponse() throws Exception {
        TurnOffer offer = TurnOffer.validated(List.of("turn:10.77.0.2:3478?transport=udp"), Optional.of(TURN_SECRET))
                .orElseThrow();
        try (SignalFixture f = new SignalFixture(Optional.of(offer))) {
            SignalFixture.Joined alice = f.join("alice");
            String sid = alice.join().getJoin().getParticipant().getSid();
            String atJoin = alice.join().getJoin().getIceServers(0).getUsername();

            f.clock.advance(Duration.ofHours(5)); // the join's credentials have an hour left
            alice.client().close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(f.metrics()).contains("salle_bridge_signal_lost_total 1"));
            SignalClient resumed = SignalClient.connect(f.http,
                    java.net.URI.create(f.rtc(f.token("alice")) + "&reconnect=1&sid=" + sid));

            livekit.LivekitRtc.ReconnectResponse reconnect = resumed.await(
                    livekit.LivekitRtc.SignalResponse.MessageCase.RECONNECT).getReconnect();
            assertThat(reconnect.getIceServersList()).singleElement().satisfies(server -> {
                assertThat(server.getUrlsList()).containsExactly("turn:10.77.0.2:3478?transport=udp");
                assertThat(server.getUsername()).isEqualTo(f.clock.instant().plus(Duration.ofHours(6)).getEpochSecond()
                        + ":" + sid).isNotEqualTo(atJoin);
                assertThat(server.getCredential()).isEqualTo(TurnRestCredentials.issue(TURN_SECRET.getBytes(), sid,
                        f.clock.instant(), Duration.ofHours(6)).password());
            });
        }
    }

    @Test
    void withoutTurnTheJoinResponseHasNoIceServers() {
        try (SignalFixture f = new SignalFixture()) {
            assertThat(f.join("alice").join().getJoin().getIceServersList()).isEmpty();
        }
    }
}

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
    void withoutTurnTheJoinResponseHasNoIceServers() {
        try (SignalFixture f = new SignalFixture()) {
            assertThat(f.join("alice").join().getJoin().getIceServersList()).isEmpty();
        }
    }
}

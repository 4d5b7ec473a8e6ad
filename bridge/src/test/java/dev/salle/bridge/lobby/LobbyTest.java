package dev.salle.bridge.lobby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.FakeClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LobbyTest {

    private final FakeClock clock = new FakeClock();
    private final AtomicInteger ids = new AtomicInteger();
    private final Lobby lobby = new Lobby(clock, 2, () -> "p" + ids.incrementAndGet());

    @Test
    void rePollingKeepsAWaitingEntryAliveAndStopsAtThreeSeconds() throws Exception {
        LobbyTicket t = lobby.requestEntry("r", Optional.empty(), "Ann", "#fff");
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(3));
            assertThat(lobby.requestEntry("r", Optional.of(t.participantId()), "Ann", "#000").participantId())
                    .isEqualTo(t.participantId());
        }
        clock.advance(Duration.ofSeconds(3));
        assertThat(lobby.waiting("r")).extracting(LobbyTicket::participantId).containsExactly(t.participantId());
        clock.advance(Duration.ofMillis(1));
        assertThat(lobby.waiting("r")).isEmpty();
        assertThat(lobby.decide("r", t.participantId(), true)).isEmpty();
    }

    @Test
    void anAdmittedGuestSeesTheDecisionOnTheNextPollAndKeepsItsColour() throws Exception {
        LobbyTicket t = lobby.requestEntry("r", Optional.empty(), "Ann", "#fff");
        assertThat(lobby.decide("r", t.participantId(), true)).map(LobbyTicket::status).hasValue(LobbyStatus.ACCEPTED);
        clock.advance(Duration.ofSeconds(10));
        LobbyTicket again = lobby.requestEntry("r", Optional.of(t.participantId()), "Ann", "#000");
        assertThat(again.status()).isEqualTo(LobbyStatus.ACCEPTED);
        assertThat(again.color()).isEqualTo("#fff");
    }

    @Test
    void aDenialIsFinal() throws Exception {
        LobbyTicket t = lobby.requestEntry("r", Optional.empty(), "Eve", "#fff");
        lobby.decide("r", t.participantId(), false);
        assertThat(lobby.decide("r", t.participantId(), true)).map(LobbyTicket::status).hasValue(LobbyStatus.DENIED);
    }

    @Test
    void anIdFromAnotherRoomStartsANewRequest() throws Exception {
        LobbyTicket t = lobby.requestEntry("r1", Optional.empty(), "Ann", "#fff");
        LobbyTicket other = lobby.requestEntry("r2", Optional.of(t.participantId()), "Ann", "#fff");
        assertThat(other.participantId()).isNotEqualTo(t.participantId());
        assertThat(lobby.decide("r2", t.participantId(), true)).isEmpty();
    }

    @Test
    void aFullLobbyRefusesNewGuestsButNotReturningOnes() throws Exception {
        LobbyTicket a = lobby.requestEntry("r", Optional.empty(), "A", "#fff");
        lobby.requestEntry("r", Optional.empty(), "B", "#fff");
        assertThatThrownBy(() -> lobby.requestEntry("r", Optional.empty(), "C", "#fff"))
                .isInstanceOf(LobbyFullException.class).hasMessageContaining("room r");
        assertThat(lobby.requestEntry("r", Optional.of(a.participantId()), "A", "#fff").participantId())
                .isEqualTo(a.participantId());
    }
}

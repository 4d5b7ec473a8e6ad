package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerHoldTest {

    private final FakeClock clock = new FakeClock();
    private final SpeakerHold hold = new SpeakerHold(clock);

    @Test
    void theFirstSpeakerTakesTheLargeTileAtOnce() {
        assertThat(hold.choose("alice", List.of("alice", "bob"))).isEqualTo("alice");
    }

    @Test
    void aSpeakerChangeWithinTheHoldIsDeferredAndAppliedOnceItHasPassed() {
        hold.choose("alice", List.of("alice", "bob"));
        clock.advance(Duration.ofMillis(500));

        String during = hold.choose("bob", List.of("alice", "bob"));
        clock.advance(SpeakerHold.HOLD);
        String after = hold.choose("bob", List.of("alice", "bob"));

        assertThat(during).as("half a second after alice took it").isEqualTo("alice");
        assertThat(after).as("the hold has passed: the latest speaker").isEqualTo("bob");
    }

    @Test
    void speakersSwappingFasterThanTheHoldMoveTheTileOncePerHold() {
        List<String> present = List.of("alice", "bob");
        String shown = hold.choose("alice", present);
        int moves = 0;
        for (int i = 1; i <= 60; i++) {
            clock.advance(Duration.ofMillis(100));
            String now = hold.choose(i % 2 == 0 ? "alice" : "bob", present);
            if (!now.equals(shown)) {
                moves++;
                shown = now;
            }
        }

        assertThat(moves).as("6 s of swaps every 100 ms, hold %s: at 2.1 s and 4.2 s", SpeakerHold.HOLD).isEqualTo(2);
    }

    @Test
    void aHolderWhoLeftGivesTheTileUpAtOnce() {
        hold.choose("alice", List.of("alice", "bob"));
        clock.advance(Duration.ofMillis(300));

        assertThat(hold.choose("bob", List.of("bob"))).isEqualTo("bob");
    }
}

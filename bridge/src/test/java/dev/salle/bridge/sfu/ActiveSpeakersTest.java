package dev.salle.bridge.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveSpeakersTest {

    private static final long MS = 1_000_000L;
    private final ActiveSpeakers speakers = new ActiveSpeakers(Duration.ofMillis(500), 60);

    private void talk(String who, int dbov, boolean voice, long fromMs, long toMs) {
        for (long t = fromMs; t < toMs; t += 20) {
            speakers.level(who, dbov, voice, t * MS);
        }
    }

    @Test
    void participantWhoMakesSoundIsNamedLoudestFirst() {
        talk("PA_alice", 20, true, 0, 500);
        talk("PA_bob", 45, true, 0, 500);
        talk("PA_carol", 127, false, 0, 500);

        List<ActiveSpeakers.Speaker> now = speakers.update(500 * MS);

        assertThat(now).extracting(ActiveSpeakers.Speaker::participant).containsExactly("PA_alice", "PA_bob");
        assertThat(now.get(0).level()).isGreaterThan(now.get(1).level());
    }

    @Test
    void unchangedSpeakersAreNotReportedAgain() {
        talk("PA_alice", 20, true, 0, 500);
        assertThat(speakers.update(500 * MS)).isNotNull();

        talk("PA_alice", 20, true, 500, 600);
        assertThat(speakers.update(600 * MS)).isNull();
    }

    @Test
    void speakerWhoFallsSilentLeavesAfterTheWindow() {
        talk("PA_alice", 20, true, 0, 500);
        speakers.update(500 * MS);

        talk("PA_alice", 127, false, 500, 1200);

        assertThat(speakers.update(1200 * MS)).isEmpty();
    }

    @Test
    void participantWhoLeftIsForgotten() {
        talk("PA_alice", 20, true, 0, 500);
        speakers.update(500 * MS);
        speakers.remove("PA_alice");

        assertThat(speakers.update(520 * MS)).isEmpty();
    }
}

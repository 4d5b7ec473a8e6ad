package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutControlTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final List<String> TEN = IntStream.range(0, 10).mapToObj(i -> "d-%02d".formatted(i)).toList();

    private static Rollout rollout(int maxFailures) {
        return Rollout.create("r", "1.5.0", TEN, new RolloutPolicy(RolloutPolicy.parseWaves("20%,100%"), 100, maxFailures, false,
                Duration.ofHours(1)), T0);
    }

    @Test
    void pauseHoldsTheNextWaveAndResumeStartsIt() {
        Rollout r = rollout(5);
        List<String> firstWave = r.toStart();
        firstWave.forEach(id -> r.report(id, new Rollout.Report.Progress("downloading"), T0));

        String paused = RolloutControl.apply(r, RolloutControl.Action.PAUSE, T0);
        firstWave.forEach(id -> r.report(id, new Rollout.Report.Succeeded(), T0)); // devices already asked go on
        int startedWhilePaused = r.toStart().size();
        String resumed = RolloutControl.apply(r, RolloutControl.Action.RESUME, T0);

        assertThat(paused).isEqualTo("RUNNING -> PAUSED");
        assertThat(startedWhilePaused).as("no second wave while paused").isZero();
        assertThat(resumed).isEqualTo("PAUSED -> RUNNING");
        assertThat(r.toStart()).hasSize(8);
    }

    @Test
    void retryStartsTheFailedDevicesOfAHaltedRolloutAgain() {
        Rollout r = rollout(1);
        List<String> first = r.toStart();
        r.report(first.get(0), new Rollout.Report.Failed("rolled-back"), T0);
        assertThat(r.state()).isEqualTo(Rollout.State.HALTED);

        String retried = RolloutControl.apply(r, RolloutControl.Action.RETRY, T0.plusSeconds(60));

        assertThat(retried).startsWith("retried: failed devices started again; now RUNNING");
        assertThat(r.device(first.get(0)).detail()).isEqualTo("retried");
    }

    @Test
    void abortEndsItAndNothingElseChangesAnAbortedRollout() {
        Rollout r = rollout(5);
        assertThat(RolloutControl.apply(r, RolloutControl.Action.ABORT, T0)).isEqualTo("RUNNING -> ABORTED");

        assertThat(RolloutControl.apply(r, RolloutControl.Action.RESUME, T0))
                .isEqualTo("unchanged: the rollout is ABORTED, which resume does not change");
        assertThat(RolloutControl.apply(r, RolloutControl.Action.RETRY, T0)).startsWith("unchanged");
        assertThat(RolloutControl.apply(r, RolloutControl.Action.PAUSE, T0)).startsWith("unchanged");
        assertThat(r.toStart()).isEmpty();
    }

    @Test
    void onlyTheFourActionsAreRead() {
        assertThat(RolloutControl.Action.parse("Pause")).isEqualTo(RolloutControl.Action.PAUSE);
        for (String bad : List.of("", "stop", "pause;drop", "RESUMEX")) {
            assertThatThrownBy(() -> RolloutControl.Action.parse(bad)).hasMessageContaining("use pause, resume, abort or retry");
        }
    }
}

package dev.salle.rtc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private final FakeClock clock = new FakeClock();
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final ReconnectPolicy policy = ReconnectPolicy.BACK_IN_THE_CALL;

    @Test
    void delaysGrowExponentiallyWithJitterAndStayUnderTheCap() {
        Instant lost = clock.instant();
        SplittableRandom random = new SplittableRandom(3);
        for (int attempt = 0; attempt < 5; attempt++) {
            long ceiling = Math.min(2000, 250L << attempt);
            Duration d = policy.nextDelay(attempt, lost, lost, random).orElseThrow();
            assertThat(d.toMillis()).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void attemptsScheduledOnTheFakeSchedulerStopWithinTheBudget() {
        Instant lost = clock.instant();
        SplittableRandom random = new SplittableRandom(5);
        List<Instant> attempts = new ArrayList<>();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            Optional<Duration> d = policy.nextDelay(attempts.size(), lost, clock.instant(), random);
            d.ifPresent(delay -> scheduler.schedule(() -> {
                attempts.add(clock.instant());
                next[0].run(); // this attempt failed too
            }, delay.toMillis(), TimeUnit.MILLISECONDS));
        };
        next[0].run();

        scheduler.advance(Duration.ofSeconds(30));

        assertThat(attempts).hasSizeGreaterThanOrEqualTo(5);
        assertThat(attempts.getLast()).isBeforeOrEqualTo(lost.plusSeconds(10));
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void anAttemptThatWouldStartAfterTheBudgetIsNotPlanned() {
        Instant lost = clock.instant();
        assertThat(policy.nextDelay(3, lost, lost.plusMillis(9_999), new SplittableRandom(1))).isEmpty();
    }

    @Test
    void sameSeedGivesSameDelays() {
        Instant t = clock.instant();
        assertThat(policy.nextDelay(2, t, t, new SplittableRandom(9)))
                .isEqualTo(policy.nextDelay(2, t, t, new SplittableRandom(9)));
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("baseDelay must be positive");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("maxDelay PT1S");
    }
}

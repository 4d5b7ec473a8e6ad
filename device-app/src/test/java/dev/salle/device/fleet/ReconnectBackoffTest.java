package dev.salle.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void delaysStayWithinHalfToFullOfAGrowingCeilingCappedAtSixtySeconds() {
        ReconnectBackoff backoff = ReconnectBackoff.standard(new Random(7));
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};

        for (long ceiling : ceilings) {
            long delay = backoff.nextDelay().toMillis();
            assertThat(delay).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void delaysAreJitteredNotFixed() {
        ReconnectBackoff backoff = ReconnectBackoff.standard(new Random(11));
        for (int i = 0; i < 6; i++) {
            backoff.nextDelay();
        }
        Set<Long> atCap = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            atCap.add(backoff.nextDelay().toMillis());
        }

        assertThat(atCap).hasSizeGreaterThan(10).allSatisfy(d -> assertThat(d).isBetween(30_000L, 60_000L));
    }

    @Test
    void resetAfterSuccessStartsAgainFromTheInitialDelay() {
        ReconnectBackoff backoff = ReconnectBackoff.standard(new Random(3));
        for (int i = 0; i < 5; i++) {
            backoff.nextDelay();
        }
        assertThat(backoff.ceiling()).isEqualTo(Duration.ofSeconds(32));

        backoff.reset();

        assertThat(backoff.ceiling()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.nextDelay().toMillis()).isBetween(500L, 1_000L);
    }

    @Test
    void ceilingStaysAtMaximumAfterManyAttempts() {
        ReconnectBackoff backoff = ReconnectBackoff.standard(new Random(5));
        for (int i = 0; i < 500; i++) {
            backoff.nextDelay();
        }

        assertThat(backoff.ceiling()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1), 2, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT10S");
    }
}

package dev.salle.bridge.lobby;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.testkit.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestThrottleTest {

    private final FakeClock clock = new FakeClock();
    private final RequestThrottle throttle = new RequestThrottle(60, clock);

    @Test
    void allowsABurstThenRefillsAtTheConfiguredRate() {
        for (int i = 0; i < 60; i++) {
            assertThat(throttle.tryAcquire("a")).as("request %d", i).isEmpty();
        }
        assertThat(throttle.tryAcquire("a")).hasValue(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.tryAcquire("a")).hasValue(Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.tryAcquire("a")).isEmpty();
        assertThat(throttle.tryAcquire("a")).isPresent();
    }

    @Test
    void eachAddressHasItsOwnBucket() {
        for (int i = 0; i < 60; i++) {
            throttle.tryAcquire("a");
        }
        assertThat(throttle.tryAcquire("a")).isPresent();
        assertThat(throttle.tryAcquire("b")).isEmpty();
    }

    @Test
    void aLongPauseRefillsOnlyUpToTheBurst() {
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 60; i++) {
            assertThat(throttle.tryAcquire("a")).isEmpty();
        }
        assertThat(throttle.tryAcquire("a")).isPresent();
    }
}

package dev.salle.hw.led;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedStatusLedTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private final SimulatedStatusLed led = new SimulatedStatusLed(scheduler);

    @Test
    void listenersHearEachChangeOnce() {
        List<LedState> heard = new ArrayList<>();
        led.addListener(heard::add);

        led.show(LedState.JOINING);
        led.show(LedState.JOINING);
        led.show(LedState.IN_CALL);

        assertThat(heard).containsExactly(LedState.JOINING, LedState.IN_CALL);
        assertThat(led.history()).containsExactly(LedState.IDLE, LedState.JOINING, LedState.IN_CALL);
    }

    @Test
    void identifyIsReportedAndEndsOnTheSchedulerWithTheCurrentState() {
        List<LedState> heard = new ArrayList<>();
        led.addListener(heard::add);
        led.show(LedState.PROVISIONING);

        led.identify(Duration.ofSeconds(10));
        scheduler.advance(Duration.ofSeconds(9));
        assertThat(led.identifying()).isTrue();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(heard).containsExactly(LedState.PROVISIONING, LedState.IDENTIFY, LedState.PROVISIONING);
        assertThat(led.identifying()).isFalse();
    }

    @Test
    void newIdentifyExtendsTheRunningOne() {
        led.identify(Duration.ofSeconds(2));
        scheduler.advance(Duration.ofSeconds(1));
        led.identify(Duration.ofSeconds(2));
        scheduler.advance(Duration.ofMillis(1500));

        assertThat(led.identifying()).isTrue();
    }

    @Test
    void showingIdentifyDirectlyIsRefused() {
        assertThatThrownBy(() -> led.show(LedState.IDENTIFY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identify(duration)");
        assertThat(led.current()).isEqualTo(LedState.IDLE);
    }

    @Test
    void identifyRejectsDurationsOutOfRange() {
        assertThatThrownBy(() -> led.identify(Duration.ofHours(1)))
                .hasMessageContaining("3600000 ms is out of range");
        assertThat(led.identifying()).isFalse();
    }

    @Test
    void everyStateHasAColourAndPatternThatMatchTheTable() {
        assertThat(LedState.MUTED.colour().hex()).isEqualTo("#ff0000");
        assertThat(LedState.ERROR.pattern()).isEqualTo(LedPattern.BLINK_FAST);
        assertThat(LedState.PROVISIONING.pattern()).isEqualTo(LedPattern.PULSE);
        assertThat(LedPattern.PULSE.level(1000)).isEqualTo(0.0);
        assertThat(LedPattern.PULSE.level(2000)).isEqualTo(1.0);
    }
}

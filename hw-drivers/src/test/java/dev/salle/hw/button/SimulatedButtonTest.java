package dev.salle.hw.button;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedButtonTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private final List<ButtonEvent> events = new ArrayList<>();

    @Test
    void pressGoesThroughDebounceAndFiresPress() {
        SimulatedButton button = new SimulatedButton(ButtonTiming.defaults(), scheduler.clock(), scheduler);
        button.addListener(events::add);

        button.press();
        assertThat(events).as("nothing before the release settles").isEmpty();
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(events).containsExactly(ButtonEvent.PRESS);
    }

    @Test
    void longPressFiresLongPressOnly() {
        SimulatedButton button = new SimulatedButton(ButtonTiming.defaults(), scheduler.clock(), scheduler);
        button.addListener(events::add);

        button.longPress();
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(events).containsExactly(ButtonEvent.LONG_PRESS);
    }

    @Test
    void pressStaysShortWithTightTiming() {
        ButtonTiming tight = new ButtonTiming(Duration.ofMillis(100), Duration.ofMillis(250));
        SimulatedButton button = new SimulatedButton(tight, scheduler.clock(), scheduler);
        button.addListener(events::add);

        button.press();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(events).containsExactly(ButtonEvent.PRESS);
    }

    @Test
    void removedListenerHearsNothing() {
        SimulatedButton button = new SimulatedButton(ButtonTiming.defaults(), scheduler.clock(), scheduler);
        ButtonListener listener = events::add;
        button.addListener(listener);
        button.removeListener(listener);

        button.press();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(events).isEmpty();
    }

    @Test
    void failingListenerDoesNotStopOthers() {
        SimulatedButton button = new SimulatedButton(ButtonTiming.defaults(), scheduler.clock(), scheduler);
        button.addListener(e -> { throw new IllegalStateException("listener broke"); });
        button.addListener(events::add);

        button.press();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(events).containsExactly(ButtonEvent.PRESS);
    }

    @Test
    void timingRejectsLongPressNotAboveTwiceDebounce() {
        assertThatThrownBy(() -> new ButtonTiming(Duration.ofMillis(200), Duration.ofMillis(300)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longPress 300 ms")
                .hasMessageContaining("twice the debounce");
    }

    @Test
    void timingRejectsZeroDebounce() {
        assertThatThrownBy(() -> new ButtonTiming(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("debounce 0 ms is out of range");
    }
}

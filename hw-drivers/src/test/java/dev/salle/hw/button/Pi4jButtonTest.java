package dev.salle.hw.button;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Pi4jButtonTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private final List<ButtonEvent> events = new CopyOnWriteArrayList<>();
    private Context pi4j;
    private Pi4jButton button;
    private MockDigitalInput line;

    @BeforeEach
    void openButtonOnMockPlatform() {
        pi4j = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance())
                .build();
        button = new Pi4jButton(pi4j, Pi4jButtonConfig.defaults(), scheduler.clock(), scheduler);
        line = pi4j.registry().get("salle-button-17", MockDigitalInput.class);
        line.mockState(DigitalState.HIGH);
        scheduler.advance(Duration.ofSeconds(1));
        button.addListener(events::add);
    }

    @AfterEach
    void shutDown() {
        button.close();
        pi4j.shutdown();
    }

    @Test
    void shortPressFiresOnePressOnRelease() {
        line.mockState(DigitalState.LOW);
        scheduler.advance(Duration.ofMillis(200));
        assertThat(events).isEmpty();

        line.mockState(DigitalState.HIGH);
        scheduler.advance(Duration.ofMillis(100));

        assertThat(events).containsExactly(ButtonEvent.PRESS);
    }

    @Test
    void bouncesShorterThanDebounceGiveOnePress() {
        for (int i = 0; i < 5; i++) {
            line.mockState(DigitalState.LOW);
            scheduler.advance(Duration.ofMillis(3));
            line.mockState(DigitalState.HIGH);
            scheduler.advance(Duration.ofMillis(2));
        }
        line.mockState(DigitalState.LOW);
        scheduler.advance(Duration.ofMillis(300));
        for (int i = 0; i < 4; i++) {
            line.mockState(DigitalState.HIGH);
            scheduler.advance(Duration.ofMillis(4));
            line.mockState(DigitalState.LOW);
            scheduler.advance(Duration.ofMillis(2));
        }
        line.mockState(DigitalState.HIGH);
        scheduler.advance(Duration.ofMillis(500));

        assertThat(events).containsExactly(ButtonEvent.PRESS);
    }

    @Test
    void glitchShorterThanDebounceFiresNothing() {
        line.mockState(DigitalState.LOW);
        scheduler.advance(Duration.ofMillis(10));
        line.mockState(DigitalState.HIGH);
        scheduler.advance(Duration.ofSeconds(3));

        assertThat(events).isEmpty();
    }

    @Test
    void longPressFiresOnceWhileHeldAndNothingOnRelease() {
        line.mockState(DigitalState.LOW);
        scheduler.advance(Duration.ofMillis(1499));
        assertThat(events).isEmpty();

        scheduler.advance(Duration.ofMillis(2));
        assertThat(events).containsExactly(ButtonEvent.LONG_PRESS);

        scheduler.advance(Duration.ofSeconds(5));
        line.mockState(DigitalState.HIGH);
        scheduler.advance(Duration.ofMillis(100));
        assertThat(events).containsExactly(ButtonEvent.LONG_PRESS);
    }

    @Test
    void activeHighButtonReadsHighAsPressed() {
        button.close();
        pi4j.shutdown();
        pi4j = Pi4J.newContextBuilder().add(new MockPlatform()).add(MockDigitalInputProvider.newInstance()).build();
        button = new Pi4jButton(pi4j, new Pi4jButtonConfig(22, false, ButtonTiming.defaults()),
                scheduler.clock(), scheduler);
        MockDigitalInput highLine = pi4j.registry().get("salle-button-22", MockDigitalInput.class);
        highLine.mockState(DigitalState.LOW);
        scheduler.advance(Duration.ofSeconds(1));
        button.addListener(events::add);

        highLine.mockState(DigitalState.HIGH);
        scheduler.advance(Duration.ofMillis(100));
        highLine.mockState(DigitalState.LOW);
        scheduler.advance(Duration.ofMillis(100));

        assertThat(events).containsExactly(ButtonEvent.PRESS);
    }

    @Test
    void closedButtonFiresNothing() {
        button.close();

        line.mockState(DigitalState.LOW);
        scheduler.advance(Duration.ofMillis(100));
        line.mockState(DigitalState.HIGH);
        scheduler.advance(Duration.ofMillis(100));

        assertThat(events).isEmpty();
    }
}

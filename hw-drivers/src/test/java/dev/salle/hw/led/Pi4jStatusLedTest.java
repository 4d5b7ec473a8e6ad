package dev.salle.hw.led;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Pi4jStatusLedTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private Context pi4j;
    private Pi4jStatusLed led;

    @BeforeEach
    void openLedOnMockPlatform() {
        pi4j = Pi4J.newContextBuilder().add(new MockPlatform()).add(MockDigitalOutputProvider.newInstance()).build();
        led = new Pi4jStatusLed(pi4j, RgbLedPins.defaults(), scheduler.clock(), scheduler);
    }

    @AfterEach
    void shutDown() {
        led.close();
        pi4j.shutdown();
    }

    private String rgb() {
        return bit("red") + bit("green") + bit("blue");
    }

    private String bit(String channel) {
        DigitalOutput out = pi4j.registry().get("salle-led-" + channel, DigitalOutput.class);
        return out.state() == DigitalState.HIGH ? "1" : "0";
    }

    @Test
    void startsIdleWithDimWhiteShownAsAllChannelsOn() {
        assertThat(led.current()).isEqualTo(LedState.IDLE);
        assertThat(rgb()).isEqualTo("111");
    }

    @Test
    void solidStatesSetTheirChannelsAndStayPut() {
        led.show(LedState.MUTED);
        assertThat(rgb()).isEqualTo("100");
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(rgb()).isEqualTo("100");

        led.show(LedState.IN_CALL);
        assertThat(rgb()).isEqualTo("010");
        assertThat(scheduler.pendingTasks()).as("solid patterns need no timer").isZero();
    }

    @Test
    void slowBlinkTogglesEveryHalfSecond() {
        led.show(LedState.JOINING);
        assertThat(rgb()).isEqualTo("010");

        scheduler.advance(Duration.ofMillis(500));
        assertThat(rgb()).isEqualTo("000");

        scheduler.advance(Duration.ofMillis(500));
        assertThat(rgb()).isEqualTo("010");
    }

    @Test
    void fastBlinkTogglesEvery125Millis() {
        led.show(LedState.ERROR);
        assertThat(rgb()).isEqualTo("100");
        scheduler.advance(Duration.ofMillis(125));
        assertThat(rgb()).isEqualTo("000");
        scheduler.advance(Duration.ofMillis(125));
        assertThat(rgb()).isEqualTo("100");
    }

    @Test
    void amberPulseLightsRedAndGreenThenGoesDark() {
        led.show(LedState.UPDATING);
        assertThat(rgb()).isEqualTo("110");
        scheduler.advance(Duration.ofMillis(750));
        assertThat(rgb()).isEqualTo("000");
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(rgb()).isEqualTo("110");
    }

    @Test
    void changingFromBlinkToSolidStopsTheBlinkTimer() {
        led.show(LedState.ERROR);
        led.show(LedState.MUTED);

        scheduler.advance(Duration.ofMillis(125));

        assertThat(rgb()).isEqualTo("100");
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void identifyBlinksWhiteThenReturnsToTheCurrentState() {
        led.show(LedState.IN_CALL);
        led.identify(Duration.ofSeconds(5));
        assertThat(rgb()).isEqualTo("111");
        scheduler.advance(Duration.ofMillis(125));
        assertThat(rgb()).isEqualTo("000");

        led.show(LedState.MUTED);
        assertThat(led.current()).isEqualTo(LedState.MUTED);
        scheduler.advance(Duration.ofMillis(125));
        assertThat(rgb()).as("identify keeps blinking after show()").isEqualTo("111");

        scheduler.advance(Duration.ofSeconds(5));
        assertThat(led.identifying()).isFalse();
        assertThat(rgb()).isEqualTo("100");
    }

    @Test
    void closeTurnsTheLedOff() {
        led.show(LedState.MUTED);

        led.close();

        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(pi4j.registry().exists("salle-led-red")).isFalse();
    }

    @Test
    void commonAnodeLedDrivesLitChannelsLow() {
        led.close();
        led = new Pi4jStatusLed(pi4j, new RgbLedPins(5, 6, 13, false), scheduler.clock(), scheduler);

        led.show(LedState.IN_CALL);

        assertThat(rgb()).isEqualTo("101");
    }
}

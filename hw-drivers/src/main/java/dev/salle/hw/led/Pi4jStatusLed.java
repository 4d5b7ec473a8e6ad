package dev.salle.hw.led;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An RGB LED on three GPIO outputs through Pi4J 2, on/off per channel (no PWM).
 *
 * <p>Animated patterns are drawn by a timer on the injected scheduler every {@value #TICK_MILLIS} ms,
 * reading the pattern's level at the time since it started (from the injected clock): the channel is
 * on while the level is at least one half. So a pulse shows as 1 s on, 1 s off. A channel lights
 * when its colour value is above zero. The Pi4J {@link Context} belongs to the caller; this LED owns
 * the three outputs, and turns them off and shuts them down in {@link #close()}.
 */
public final class Pi4jStatusLed extends StatusLedBase {

    /** Half the fast-blink period, so every blink edge is drawn on time. */
    public static final long TICK_MILLIS = 125;

    private final Context pi4j;
    private final Clock clock;
    private final boolean activeHigh;
    private final DigitalOutput red;
    private final DigitalOutput green;
    private final DigitalOutput blue;
    private ScheduledFuture<?> ticker;
    private long patternStartMillis;

    public Pi4jStatusLed(Context pi4j, RgbLedPins pins, Clock clock, ScheduledExecutorService scheduler) {
        super(scheduler);
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j context");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activeHigh = pins.activeHigh();
        this.red = open(pi4j, "red", pins.redBcm(), pins.activeHigh());
        this.green = open(pi4j, "green", pins.greenBcm(), pins.activeHigh());
        this.blue = open(pi4j, "blue", pins.blueBcm(), pins.activeHigh());
        synchronized (this) {
            draw(LedState.IDLE, 1.0);
        }
    }

    private static DigitalOutput open(Context pi4j, String channel, int bcm, boolean activeHigh) {
        DigitalState off = activeHigh ? DigitalState.LOW : DigitalState.HIGH;
        try {
            return pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                    .id("salle-led-" + channel)
                    .name("Salle status LED " + channel)
                    .address(bcm)
                    .initial(off)
                    .shutdown(off)
                    .build());
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not open the status LED " + channel + " channel on BCM GPIO "
                    + bcm + "; check that no other process holds the line and that the pin number is right", e);
        }
    }

    @Override
    protected void render(LedState state) {
        stopTicker();
        patternStartMillis = clock.millis();
        draw(state, state.pattern().level(0));
        if (state.pattern().animated()) {
            ticker = scheduler.scheduleAtFixedRate(() -> tick(state), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void tick(LedState state) {
        if (ticker == null) {
            return;
        }
        draw(state, state.pattern().level(clock.millis() - patternStartMillis));
    }

    private void draw(LedState state, double level) {
        boolean on = level >= 0.5;
        LedColour colour = state.colour();
        set(red, on && colour.red() > 0);
        set(green, on && colour.green() > 0);
        set(blue, on && colour.blue() > 0);
    }

    private void set(DigitalOutput output, boolean lit) {
        output.state(lit == activeHigh ? DigitalState.HIGH : DigitalState.LOW);
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    @Override
    protected void release() {
        stopTicker();
        set(red, false);
        set(green, false);
        set(blue, false);
        pi4j.shutdown(red.id());
        pi4j.shutdown(green.id());
        pi4j.shutdown(blue.id());
    }
}

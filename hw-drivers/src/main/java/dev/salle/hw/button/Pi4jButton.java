package dev.salle.hw.button;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The button on a GPIO line, read through Pi4J 2 as a {@link DigitalInput}.
 *
 * <p>Pi4J's own debounce is turned off: the shared state machine debounces, so the hardware and the
 * simulated button behave the same. The Pi4J {@link Context} belongs to the caller; this class owns
 * the input it creates and shuts it down in {@link #close()}. Pi4J calls its listener on its own
 * event thread; that thread only records the raw level, and {@link ButtonListener}s run on the
 * injected scheduler.
 */
public final class Pi4jButton implements Button {

    private final Context pi4j;
    private final DigitalInput input;
    private final PressDetector detector;
    private final boolean activeLow;
    private final DigitalStateChangeListener lineListener;
    private boolean closed;

    public Pi4jButton(Context pi4j, Pi4jButtonConfig config, Clock clock, ScheduledExecutorService scheduler) {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j context");
        this.activeLow = config.activeLow();
        this.detector = new PressDetector(config.timing(), clock, scheduler);
        try {
            this.input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                    .id("salle-button-" + config.bcmPin())
                    .name("Salle button")
                    .address(config.bcmPin())
                    .pull(config.activeLow() ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                    .debounce(0L)
                    .build());
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not open the button on BCM GPIO " + config.bcmPin()
                    + "; check that no other process holds the line and that the pin number is right", e);
        }
        this.lineListener = event -> detector.rawLevel(isDown(event.state()));
        input.addListener(lineListener);
        detector.rawLevel(isDown(input.state()));
    }

    private boolean isDown(DigitalState state) {
        if (state == null || state == DigitalState.UNKNOWN) {
            return false;
        }
        return activeLow ? state.isLow() : state.isHigh();
    }

    @Override
    public boolean isPressed() {
        return detector.isPressed();
    }

    @Override
    public void addListener(ButtonListener listener) {
        detector.addListener(listener);
    }

    @Override
    public void removeListener(ButtonListener listener) {
        detector.removeListener(listener);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        input.removeListener(lineListener);
        detector.close();
        pi4j.shutdown(input.id());
    }
}

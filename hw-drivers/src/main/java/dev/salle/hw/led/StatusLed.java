package dev.salle.hw.led;

import java.time.Duration;

/**
 * The device's status LED.
 *
 * <p>Contract: {@link #show(LedState)} sets the state the device is in; the LED shows it at once,
 * unless an identify is running, in which case it shows it when the identify ends.
 * {@link #identify(Duration)} shows {@link LedState#IDENTIFY} for that long, then the current
 * state; a new identify replaces a running one. Patterns are driven by the implementation's
 * scheduler; nothing blocks the caller.
 *
 * <p>Threading: all methods are safe from any thread. Listeners: see {@link LedListener}. The LED
 * owns its GPIO lines and timers and releases them in {@link #close()}.
 */
public interface StatusLed extends AutoCloseable {

    /**
     * Shows a state.
     *
     * @throws IllegalArgumentException for {@link LedState#IDENTIFY}: use {@link #identify(Duration)}
     */
    void show(LedState state);

    /** The state last given to {@link #show(LedState)} (never {@link LedState#IDENTIFY}); IDLE at start. */
    LedState current();

    /** Whether an identify is running. */
    boolean identifying();

    /**
     * Blinks the identify pattern for {@code duration} (1 s to 10 min), then returns to
     * {@link #current()}.
     */
    void identify(Duration duration);

    void addListener(LedListener listener);

    void removeListener(LedListener listener);

    /** Turns the LED off and stops its timers. Idempotent. */
    @Override
    void close();
}

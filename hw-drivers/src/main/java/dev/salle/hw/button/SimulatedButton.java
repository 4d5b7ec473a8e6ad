package dev.salle.hw.button;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A button for running the device on a PC: the device page and the keyboard drive it. Every method
 * feeds raw levels into the same debouncing and long-press state machine as {@link Pi4jButton}, so
 * events arrive on the scheduler thread after the same delays as on the hardware.
 */
public final class SimulatedButton implements Button {

    private static final Duration SHORT_HOLD = Duration.ofMillis(100);

    private final ButtonTiming timing;
    private final ScheduledExecutorService scheduler;
    private final PressDetector detector;

    public SimulatedButton(ButtonTiming timing, Clock clock, ScheduledExecutorService scheduler) {
        this.timing = timing;
        this.scheduler = scheduler;
        this.detector = new PressDetector(timing, clock, scheduler);
    }

    /** Pushes the button down and releases it after a short hold: one {@link ButtonEvent#PRESS}. */
    public void press() {
        // The release must settle (hold + debounce) before the long-press timer (longPress) is due.
        Duration hold = timing.debounce().multipliedBy(2).plus(SHORT_HOLD);
        if (hold.plus(timing.debounce()).compareTo(timing.longPress()) >= 0) {
            hold = timing.longPress().dividedBy(2);
        }
        holdFor(hold);
    }

    /** Holds the button past the long-press threshold, then releases it: one {@link ButtonEvent#LONG_PRESS}. */
    public void longPress() {
        holdFor(timing.longPress().plus(timing.debounce()).plus(SHORT_HOLD));
    }

    /** Pushes the button down and keeps it down (a key held on the keyboard). */
    public void hold() {
        detector.rawLevel(true);
    }

    /** Lets go of the button. */
    public void release() {
        detector.rawLevel(false);
    }

    private void holdFor(Duration hold) {
        detector.rawLevel(true);
        scheduler.schedule(() -> detector.rawLevel(false), hold.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the button is down now, after debouncing: a press made while it is down is not a new press. */
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
    public void close() {
        detector.close();
    }
}

package dev.salle.hw.button;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The debouncing and long-press state machine behind every {@link Button}.
 *
 * <p>Fed raw levels ({@link #rawLevel(boolean)}, any thread). A raw level counts once it has stayed
 * unchanged for the debounce time (trailing-edge debounce: each raw edge restarts the settle timer).
 * A settled press starts the long-press timer, measured from the raw edge that began the press. The
 * settle and long-press timers run on the injected scheduler, and listeners are called there.
 */
final class PressDetector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PressDetector.class);

    private final ButtonTiming timing;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Set<ButtonListener> listeners = new CopyOnWriteArraySet<>();

    private boolean rawPressed;
    private Instant lastEdgeAt;
    private boolean pressed;
    private boolean longPressFired;
    private ScheduledFuture<?> settleTimer;
    private ScheduledFuture<?> longPressTimer;
    private boolean closed;

    PressDetector(ButtonTiming timing, Clock clock, ScheduledExecutorService scheduler) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.lastEdgeAt = clock.instant();
    }

    void addListener(ButtonListener listener) {
        listeners.add(Objects.requireNonNull(listener, "button listener is null"));
    }

    void removeListener(ButtonListener listener) {
        listeners.remove(listener);
    }

    /** A raw reading of the line: {@code true} when the button is (maybe, bouncing) down. */
    synchronized void rawLevel(boolean down) {
        if (closed || down == rawPressed) {
            return;
        }
        rawPressed = down;
        lastEdgeAt = clock.instant();
        if (settleTimer != null) {
            settleTimer.cancel(false);
        }
        settleTimer = scheduler.schedule(this::settle, timing.debounce().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The debounced state. */
    synchronized boolean isPressed() {
        return pressed;
    }

    private void settle() {
        List<ButtonEvent> events = new ArrayList<>(1);
        synchronized (this) {
            settleTimer = null;
            if (closed || rawPressed == pressed) {
                return;
            }
            pressed = rawPressed;
            if (pressed) {
                longPressFired = false;
                Duration held = Duration.between(lastEdgeAt, clock.instant());
                long remaining = Math.max(0, timing.longPress().minus(held).toNanos());
                longPressTimer = scheduler.schedule(this::longPressDue, remaining, TimeUnit.NANOSECONDS);
            } else {
                cancelLongPress();
                if (!longPressFired) {
                    events.add(ButtonEvent.PRESS);
                }
            }
        }
        events.forEach(this::fire);
    }

    private void longPressDue() {
        synchronized (this) {
            longPressTimer = null;
            if (closed || !pressed || longPressFired) {
                return;
            }
            longPressFired = true;
        }
        fire(ButtonEvent.LONG_PRESS);
    }

    private void cancelLongPress() {
        if (longPressTimer != null) {
            longPressTimer.cancel(false);
            longPressTimer = null;
        }
    }

    private void fire(ButtonEvent event) {
        for (ButtonListener listener : listeners) {
            try {
                listener.onButton(event);
            } catch (RuntimeException e) {
                LOG.warn("button listener {} failed on {}; other listeners still run", listener, event, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        listeners.clear();
        if (settleTimer != null) {
            settleTimer.cancel(false);
        }
        cancelLongPress();
    }
}

package dev.salle.hw.led;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every status LED shares: the current state, identify with its end timer, and listeners.
 * Subclasses only draw a shown state in {@link #render(LedState)}, which runs under this object's
 * lock.
 */
abstract class StatusLedBase implements StatusLed {

    private static final Logger LOG = LoggerFactory.getLogger(StatusLedBase.class);
    static final Duration MIN_IDENTIFY = Duration.ofSeconds(1);
    static final Duration MAX_IDENTIFY = Duration.ofMinutes(10);

    protected final ScheduledExecutorService scheduler;
    private final Set<LedListener> listeners = new CopyOnWriteArraySet<>();
    private LedState current = LedState.IDLE;
    private LedState shown = LedState.IDLE;
    private ScheduledFuture<?> identifyEnd;
    private boolean closed;

    StatusLedBase(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Draws the state; called with this object's lock held, whenever the shown state changes. */
    protected abstract void render(LedState state);

    /** Releases what the subclass holds; called once, with the lock held, after the LED is dark. */
    protected abstract void release();

    @Override
    public void show(LedState state) {
        Objects.requireNonNull(state, "LED state is null; pick one of " + java.util.Arrays.toString(LedState.values()));
        if (state == LedState.IDENTIFY) {
            throw new IllegalArgumentException("LED state IDENTIFY cannot be shown directly; call identify(duration)");
        }
        synchronized (this) {
            current = state;
            if (identifyEnd != null) {
                return;
            }
        }
        display(state);
    }

    @Override
    public synchronized LedState current() {
        return current;
    }

    @Override
    public synchronized boolean identifying() {
        return identifyEnd != null;
    }

    @Override
    public void identify(Duration duration) {
        Objects.requireNonNull(duration, "identify duration is null; give 1 s to 10 min");
        if (duration.compareTo(MIN_IDENTIFY) < 0 || duration.compareTo(MAX_IDENTIFY) > 0) {
            throw new IllegalArgumentException("identify duration " + duration.toMillis()
                    + " ms is out of range; use 1 s to 10 min");
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (identifyEnd != null) {
                identifyEnd.cancel(false);
            }
            identifyEnd = scheduler.schedule(this::endIdentify, duration.toNanos(), TimeUnit.NANOSECONDS);
        }
        display(LedState.IDENTIFY);
    }

    private void endIdentify() {
        LedState back;
        synchronized (this) {
            identifyEnd = null;
            back = current;
        }
        display(back);
    }

    private void display(LedState state) {
        synchronized (this) {
            if (closed || state == shown) {
                return;
            }
            shown = state;
            render(state);
        }
        for (LedListener listener : listeners) {
            try {
                listener.shown(state);
            } catch (RuntimeException e) {
                LOG.warn("LED listener {} failed on {}; other listeners still run", listener, state, e);
            }
        }
    }

    @Override
    public void addListener(LedListener listener) {
        listeners.add(Objects.requireNonNull(listener, "LED listener is null"));
    }

    @Override
    public void removeListener(LedListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (identifyEnd != null) {
            identifyEnd.cancel(false);
        }
        listeners.clear();
        release();
    }
}

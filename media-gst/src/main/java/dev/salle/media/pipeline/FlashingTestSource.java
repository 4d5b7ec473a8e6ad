package dev.salle.media.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A calibration target for glass-to-glass latency: switches a {@code videotestsrc pattern=solid-color}
 * between black and white once per period, by setting its {@code foreground-color} property, and
 * tells a {@link Listener} the wall-clock time of each switch. A receiver that notes when the
 * picture it renders turns black or white can then pair its times with these.
 *
 * <p>Made by {@link VideoSendPipeline#flash}. The picture starts black; while the pipeline is not
 * PLAYING the ticks do nothing, so every switch reported is one a frame can show. The new colour
 * appears in the next frame the source produces (at most one frame interval after the reported time).
 *
 * <p>Threads: ticks and listener calls run on the injected scheduler; the scheduler and the clock
 * belong to the caller. {@link #close()} waits for a running tick, cancels the task and may be
 * called from any thread, more than once.
 */
public final class FlashingTestSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlashingTestSource.class);

    /** The two colours of the target, with their ARGB value for {@code foreground-color}. */
    public enum Colour {
        BLACK(0xFF000000L),
        WHITE(0xFFFFFFFFL);

        private final long argb;

        Colour(long argb) {
            this.argb = argb;
        }

        /** The value of videotestsrc's {@code foreground-color} (guint ARGB) for this colour. */
        public long argb() {
            return argb;
        }

        /** The colour's name in lower case, as logs and the browser's reports spell it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        Colour other() {
            return this == BLACK ? WHITE : BLACK;
        }
    }

    /** Told each switch of the picture; called on the scheduler's thread, must return quickly. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param colour      the colour the source now produces
         * @param epochMillis the clock's time just after the property was set, in milliseconds since the epoch
         */
        void switched(Colour colour, long epochMillis);
    }

    private final Element source;
    private final Clock clock;
    private final Listener listener;
    private final ScheduledFuture<?> task;
    private Colour colour = Colour.BLACK;
    private boolean closed;

    FlashingTestSource(Element source, ScheduledExecutorService scheduler, Clock clock, Duration period,
            Listener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("the flash period is " + period + "; it must be at least 1 ms");
        }
        source.set("foreground-color", Colour.BLACK.argb());
        this.task = scheduler.scheduleAtFixedRate(this::tick, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        try {
            if (closed || source.getState(0) != State.PLAYING) {
                return;
            }
            Colour next = colour.other();
            source.set("foreground-color", next.argb());
            long at = clock.millis();
            colour = next;
            listener.switched(next, at);
        } catch (RuntimeException e) {
            // a failed tick must not end the periodic task (an exception would cancel it)
            LOG.warn("the flashing test source could not switch colour; trying again next period", e);
        }
    }

    /** The source's {@code foreground-color} as it reads back now (ARGB), for tests. */
    synchronized long foregroundArgb() {
        return Integer.toUnsignedLong(((Number) source.get("foreground-color")).intValue());
    }

    /**
     * Stops switching; the source keeps its last colour. When it returns no tick runs or will run,
     * so the owner may dispose of the pipeline.
     */
    @Override
    public synchronized void close() {
        closed = true;
        task.cancel(false);
    }
}

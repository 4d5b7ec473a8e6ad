package dev.salle.hw.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded scheduler whose time moves only in {@link #advance(Duration)}; it is also the
 * {@link Clock} of the code under test, so timestamps and timers agree. Tasks run on the test's
 * thread, in due-time order, inside {@code advance}.
 */
public final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Task<?>> tasks = new ArrayList<>();
    private long nowNanos;
    private long sequence;
    private boolean shutdown;

    /** The clock that reads this scheduler's time (starting at the epoch). */
    public Clock clock() {
        return new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.EPOCH.plusNanos(nowNanos); }
        };
    }

    /** Moves time forward, running every task that falls due on the way, in order. */
    public void advance(Duration duration) {
        long target = nowNanos + duration.toNanos();
        while (true) {
            Task<?> next = tasks.stream()
                    .filter(t -> t.dueNanos <= target)
                    .min(Comparator.<Task<?>>comparingLong(t -> t.dueNanos).thenComparingLong(t -> t.seq))
                    .orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nowNanos = Math.max(nowNanos, next.dueNanos);
            next.runOnce();
        }
        nowNanos = target;
    }

    /** Runs tasks that are due now (for example ones submitted with {@code execute}). */
    public void runDueTasks() {
        advance(Duration.ZERO);
    }

    /** How many tasks are waiting (periodic tasks count once). */
    public int pendingTasks() {
        return tasks.size();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> { command.run(); return null; }, unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, unit.toNanos(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(() -> { command.run(); return null; }, unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    private <V> Task<V> add(Callable<V> body, long delayNanos, long periodNanos) {
        if (shutdown) {
            throw new IllegalStateException("FakeScheduler is shut down; the code under test scheduled after close()");
        }
        Task<V> task = new Task<>(body, nowNanos + Math.max(0, delayNanos), periodNanos, sequence++);
        tasks.add(task);
        return task;
    }

    @Override public void shutdown() { shutdown = true; }
    @Override public List<Runnable> shutdownNow() { shutdown = true; tasks.clear(); return List.of(); }
    @Override public boolean isShutdown() { return shutdown; }
    @Override public boolean isTerminated() { return shutdown; }
    @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return shutdown; }

    private final class Task<V> implements ScheduledFuture<V> {
        private final Callable<V> body;
        private final long periodNanos;
        private final long seq;
        private long dueNanos;
        private boolean cancelled;
        private boolean done;
        private V result;

        Task(Callable<V> body, long dueNanos, long periodNanos, long seq) {
            this.body = body;
            this.dueNanos = dueNanos;
            this.periodNanos = periodNanos;
            this.seq = seq;
        }

        void runOnce() {
            try {
                result = body.call();
            } catch (Exception e) {
                throw new AssertionError("a scheduled task threw; the code under test must handle its errors", e);
            }
            if (periodNanos > 0 && !cancelled) {
                dueNanos += periodNanos;
                tasks.add(this);
            } else {
                done = true;
            }
        }

        @Override public long getDelay(TimeUnit unit) { return unit.convert(dueNanos - nowNanos, TimeUnit.NANOSECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS)); }
        @Override public boolean cancel(boolean mayInterrupt) {
            if (done) { return false; }
            cancelled = true;
            done = true;
            tasks.remove(this);
            return true;
        }
        @Override public boolean isCancelled() { return cancelled; }
        @Override public boolean isDone() { return done; }
        @Override public V get() { return result; }
        @Override public V get(long timeout, TimeUnit unit) { return result; }
    }
}

package dev.salle.device.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on a manual clock: nothing runs until {@link #runDue()} or
 * {@link #advance(Duration)}. Thread-safe for submitting; tasks run on the thread that advances.
 */
final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final List<Long> requestedDelaysMillis = new ArrayList<>();
    private long nowMillis;
    private long sequence;
    private boolean shutdown;

    /** Runs everything due now, including tasks those tasks submit for now. Bounded. */
    void runDue() {
        for (int i = 0; i < 10_000; i++) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.dueMillis > nowMillis) {
                    return;
                }
                queue.poll();
            }
            next.run();
            synchronized (this) {
                if (next.periodMillis > 0 && !next.isCancelled()) {
                    next.dueMillis += next.periodMillis;
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("FakeScheduler ran 10000 tasks without settling: a task loop?");
    }

    /** Moves the clock forward step by step, running what falls due. */
    void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowMillis + duration.toMillis();
        }
        runDue();
        for (int i = 0; i < 100_000; i++) {
            synchronized (this) {
                Task<?> next = queue.peek();
                if (next == null || next.dueMillis > target) {
                    nowMillis = target;
                    break;
                }
                nowMillis = Math.max(nowMillis, next.dueMillis);
            }
            runDue();
        }
        runDue();
    }

    synchronized List<Long> requestedDelaysMillis() {
        return List.copyOf(requestedDelaysMillis);
    }

    synchronized int pendingCount() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(() -> {
            command.run();
            return null;
        }, unit.toMillis(delay), 0), delay > 0, unit.toMillis(delay));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, unit.toMillis(delay), 0), delay > 0, unit.toMillis(delay));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(new Task<>(() -> {
            command.run();
            return null;
        }, unit.toMillis(initialDelay), unit.toMillis(period)), false, 0);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    private synchronized <V> Task<V> add(Task<V> task, boolean recordDelay, long delayMillis) {
        if (recordDelay) {
            requestedDelaysMillis.add(delayMillis);
        }
        task.dueMillis = nowMillis + task.dueMillis;
        task.order = sequence++;
        queue.add(task);
        return task;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        queue.clear();
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        long dueMillis;
        final long periodMillis;
        long order;

        Task(Callable<V> callable, long delayMillis, long periodMillis) {
            super(callable);
            this.dueMillis = delayMillis;
            this.periodMillis = periodMillis;
        }

        @Override
        public void run() {
            if (periodMillis > 0) {
                runAndReset();
            } else {
                super.run();
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (FakeScheduler.this) {
                return unit.convert(dueMillis - nowMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            int byTime = Long.compare(dueMillis, o.dueMillis);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }
}

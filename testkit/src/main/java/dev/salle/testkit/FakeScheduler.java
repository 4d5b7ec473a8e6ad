package dev.salle.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} driven by a {@link FakeClock}: nothing runs until the test
 * calls {@link #runDue()} or {@link #advance(Duration)}, and then tasks run on the test's thread in
 * time order. {@code execute} queues a task for the current instant.
 */
public final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final FakeClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final List<Long> requestedDelaysMillis = new ArrayList<>();
    private long sequence;
    private boolean shutdown;

    public FakeScheduler(FakeClock clock) {
        this.clock = clock;
    }

    /** A scheduler with a clock of its own, at {@link FakeClock#FakeClock()}'s start. */
    public FakeScheduler() {
        this(new FakeClock());
    }

    public FakeClock clock() {
        return clock;
    }

    /** Moves the clock forward step by step, running each task when its time comes. */
    public void advance(Duration d) {
        long end = nanos() + d.toNanos();
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > end) {
                    break;
                }
                queue.poll();
            }
            if (next.due > nanos()) {
                clock.advance(Duration.ofNanos(next.due - nanos()));
            }
            next.run();
        }
        if (end > nanos()) {
            clock.advance(Duration.ofNanos(end - nanos()));
        }
    }

    /** Runs every task that is due now, including tasks those tasks queue for now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Number of tasks waiting (not cancelled). */
    public synchronized int pendingTasks() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    /** Every positive delay asked of {@code schedule} (one-shot tasks), in milliseconds, in order. */
    public synchronized List<Long> requestedDelaysMillis() {
        return List.copyOf(requestedDelaysMillis);
    }

    /** The delays from now of the waiting tasks, soonest first. */
    public synchronized List<Duration> pendingDelays() {
        List<Task<?>> sorted = new ArrayList<>(queue);
        sorted.sort(null);
        return sorted.stream().filter(t -> !t.isCancelled()).map(t -> Duration.ofNanos(t.due - nanos())).toList();
    }

    private long nanos() {
        Duration sinceEpoch = Duration.between(java.time.Instant.EPOCH, clock.instant());
        return sinceEpoch.toNanos();
    }

    private synchronized <V> Task<V> enqueue(Callable<V> work, long delayNanos, long periodNanos) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("FakeScheduler is shut down");
        }
        Task<V> task = new Task<>(work, nanos() + Math.max(0, delayNanos), periodNanos, sequence++);
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        enqueue(() -> {
            command.run();
            return null;
        }, 0, 0);
    }

    private synchronized void recordDelay(long delay, TimeUnit unit) {
        if (delay > 0) {
            requestedDelaysMillis.add(unit.toMillis(delay));
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        recordDelay(delay, unit);
        return enqueue(() -> {
            command.run();
            return null;
        }, unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        recordDelay(delay, unit);
        return enqueue(callable, unit.toNanos(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(() -> {
            command.run();
            return null;
        }, unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
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
        return isTerminated();
    }

    private final class Task<V> implements ScheduledFuture<V> {
        private final Callable<V> work;
        private final long period;
        private final long seq;
        private final CompletableFuture<V> result = new CompletableFuture<>();
        private long due;

        Task(Callable<V> work, long due, long period, long seq) {
            this.work = work;
            this.due = due;
            this.period = period;
            this.seq = seq;
        }

        void run() {
            if (result.isDone()) {
                return;
            }
            try {
                V v = work.call();
                if (period > 0) {
                    synchronized (FakeScheduler.this) {
                        due += period;
                        queue.add(this);
                    }
                } else {
                    result.complete(v);
                }
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task<?> t = (Task<?>) o;
            return due != t.due ? Long.compare(due, t.due) : Long.compare(seq, t.seq);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (FakeScheduler.this) {
                queue.remove(this);
            }
            return result.cancel(false);
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return result.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(timeout, unit);
        }
    }
}

package dev.salle.fleet.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this fleet manager leads, kept up to date: every {@link LeaseSettings#renewEvery()} it
 * {@link LeaderLease#claim claims} the lease (the leader renews it, a follower takes it over once
 * it has expired). The listener hears each change, on the scheduler's thread, and a line is logged.
 *
 * <p>A leader also counts on its own: when its last successful claim started a whole lease ago
 * (measured with a monotonic timer, {@code nanoTime}, so neither clock's wall time matters), it
 * stops leading even though it has not heard from the database, because another manager may have
 * taken over by then. {@link #current()} says so at once, before the next claim runs: a rollout
 * asks it before each step. {@link #close()} releases the lease so another manager takes over at
 * its next look. Thread-safe.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    /** Hears the changes, on the scheduler's thread, one at a time. */
    public interface Listener {
        /** This manager leads from now, for {@code term}. */
        void leading(Term term);

        /** This manager does not lead (any more): {@code leader} does, if any is known. */
        void following(Optional<String> leader);
    }

    /**
     * What an operator sees: this manager, whether it leads, who does, the term and how the lease stands.
     *
     * @param manager this manager's holder name
     * @param leading whether it leads now
     * @param leader who leads, as of the last claim (empty before the first, or when the database could not be read)
     * @param epoch the leader's epoch, 0 when unknown
     * @param expiresAt when the leader's lease ends, on the database's clock
     * @param changes how many times this manager started or stopped leading
     * @param failedClaims how many claims failed (the database could not be reached)
     */
    public record Status(String manager, boolean leading, Optional<String> leader, long epoch, Optional<Instant> expiresAt,
                         long changes, long failedClaims) {
    }

    private final LeaderLease lease;
    private final String holder;
    private final LeaseSettings settings;
    private final LongSupplier nanoTime;
    private final Listener listener;
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong failedClaims = new AtomicLong();
    private ScheduledFuture<?> renewal;
    private volatile Term term;
    /** nanoTime when the last successful claim began; a lease is reckoned from no earlier than that. */
    private volatile long claimedAt;
    private volatile Optional<LeaderLease.LeaseView> last = Optional.empty();
    private long lastEpoch;
    /** The term this manager last saw another lead, so a follower logs each new leader once. */
    private Term followed;
    private boolean closed;

    public Leadership(LeaderLease lease, String holder, LeaseSettings settings, LongSupplier nanoTime, Listener listener) {
        this.lease = Objects.requireNonNull(lease, "lease");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Claims once now (so a lone manager leads from its first moment), then every {@code renewEvery} on {@code scheduler}. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        claim();
        long every = settings.renewEvery().toMillis();
        renewal = scheduler.scheduleWithFixedDelay(this::claim, every, every, TimeUnit.MILLISECONDS);
    }

    /** This manager's name in the lease. */
    public String holder() {
        return holder;
    }

    /**
     * The term this manager leads for, when it leads and its lease cannot have run out yet by its
     * own reckoning.
     */
    public Optional<Term> current() {
        Term t = term;
        if (t == null) {
            return Optional.empty();
        }
        return nanoTime.getAsLong() - claimedAt < settings.lease().toNanos() ? Optional.of(t) : Optional.empty();
    }

    public Status status() {
        Optional<LeaderLease.LeaseView> view = last;
        boolean leading = current().isPresent();
        return new Status(holder, leading, leading ? Optional.of(holder) : view.map(LeaderLease.LeaseView::holder),
                view.map(LeaderLease.LeaseView::epoch).orElse(0L), view.map(LeaderLease.LeaseView::expiresAt),
                changes.get(), failedClaims.get());
    }

    /** One look at the lease: renew, take over, or follow. Runs on the scheduler (or the caller of {@link #start}). */
    synchronized void claim() {
        if (closed) {
            return;
        }
        long began = nanoTime.getAsLong();
        LeaderLease.LeaseView view;
        try {
            view = lease.claim(holder, lastEpoch, settings.lease());
        } catch (RuntimeException e) {
            failedClaims.incrementAndGet();
            log.warn("the leader lease could not be claimed for {}: {}", holder, e.getMessage());
            if (term != null && current().isEmpty()) {
                stepDown(Optional.empty(), "its lease ran out before it could renew it (the database did not answer for "
                        + settings.lease() + ")");
            }
            return;
        }
        last = Optional.of(view);
        if (view.remade() && lastEpoch > 0) {
            log.warn("the leader lease row was missing; {} made it again with epoch {}", holder, view.epoch());
        }
        lastEpoch = Math.max(lastEpoch, view.epoch());
        if (view.heldBy(holder)) {
            boolean newTerm = term == null || term.epoch() != view.epoch() || current().isEmpty();
            if (newTerm && term != null) {
                stepDown(Optional.of(holder), "it went a whole lease without renewing (a pause, or the database was slow)");
            }
            claimedAt = began;
            if (newTerm) {
                term = view.term();
                changes.incrementAndGet();
                log.info("{} leads the fleet now (epoch {}): it runs the rollouts and pushes configuration", holder, view.epoch());
                listener.leading(term);
            }
        } else if (term != null) {
            stepDown(Optional.of(view.holder()), view.holder() + " took the lease over (epoch " + view.epoch() + ")");
        } else if (!view.term().equals(followed)) {
            log.info("{} follows: {} leads the fleet (epoch {}, lease until {})", holder, view.holder(), view.epoch(),
                    view.expiresAt());
        }
        followed = view.heldBy(holder) ? null : view.term();
    }

    private void stepDown(Optional<String> leader, String why) {
        term = null;
        changes.incrementAndGet();
        log.warn("{} no longer leads the fleet: {}; it stops its rollouts and configuration pushes", holder, why);
        listener.following(leader);
    }

    /** Stops claiming, and releases the lease when this manager holds it, so another takes over at once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
        Term t = term;
        if (t != null) {
            term = null;
            try {
                if (lease.release(t)) {
                    log.info("{} released the lead (epoch {})", holder, t.epoch());
                }
            } catch (RuntimeException e) {
                log.warn("{} could not release the lead (epoch {}); another manager takes over when it expires: {}", holder,
                        t.epoch(), e.getMessage());
            }
            listener.following(Optional.empty());
        }
    }
}

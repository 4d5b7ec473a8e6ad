package dev.salle.fleet.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a leader's lease lasts and how often it renews it. A leader renews at least twice per
 * lease, so one slow renewal does not cost it the lead; a manager that dies is replaced after at
 * most {@code lease} (plus one {@code renewEvery} for the follower to look).
 *
 * @param lease how long a renewal holds the lead, reckoned on the database's clock ({@code --lease}, default 15s)
 * @param renewEvery how often the leader renews and a follower looks ({@code --lease-renew}, default 5s)
 */
public record LeaseSettings(Duration lease, Duration renewEvery) {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_EVERY = Duration.ofSeconds(5);
    /** The shortest lease: the database's round trip must fit in it many times over. */
    public static final Duration MIN_LEASE = Duration.ofMillis(300);
    public static final Duration MAX_LEASE = Duration.ofMinutes(10);
    public static final LeaseSettings DEFAULT = new LeaseSettings(DEFAULT_LEASE, DEFAULT_RENEW_EVERY);

    public LeaseSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(renewEvery, "renewEvery");
        if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("--lease is " + lease + "; allowed: " + MIN_LEASE + " to " + MAX_LEASE);
        }
        if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException("--lease-renew is " + renewEvery + " with --lease " + lease
                    + "; allowed: more than 0 and at most half the lease, so a leader renews at least twice per lease");
        }
    }
}

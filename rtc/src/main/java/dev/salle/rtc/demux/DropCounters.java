package dev.salle.rtc.demux;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts dropped packets by reason, one {@link LongAdder} per constant of a reason enum, so a
 * packet stage can count on its hot path from many threads without contention or allocation.
 * Every stage (demultiplexing, RTP/RTCP/STUN parsing, later transport stages) keeps one instance
 * with its own reason enum and exposes {@link #snapshot()} in its stats.
 *
 * <p>Thread-safe. Counts are never reset; readers compute rates from successive snapshots.
 *
 * @param <R> the reason enum of the stage
 */
public final class DropCounters<R extends Enum<R>> {

    private final Class<R> reasons;
    private final LongAdder[] counts;

    /** Creates zeroed counters for every constant of {@code reasons}. */
    public DropCounters(Class<R> reasons) {
        this.reasons = Objects.requireNonNull(reasons, "reasons");
        R[] constants = reasons.getEnumConstants();
        this.counts = new LongAdder[constants.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one drop for {@code reason}. Allocation-free. */
    public void increment(R reason) {
        counts[reason.ordinal()].increment();
    }

    /** The number of drops counted so far for {@code reason}. */
    public long count(R reason) {
        return counts[reason.ordinal()].sum();
    }

    /** The number of drops counted so far for all reasons. */
    public long total() {
        long sum = 0;
        for (LongAdder c : counts) {
            sum += c.sum();
        }
        return sum;
    }

    /** A copy of every count, in the enum's order, including zeros. */
    public Map<R, Long> snapshot() {
        Map<R, Long> map = new EnumMap<>(reasons);
        for (R r : reasons.getEnumConstants()) {
            map.put(r, counts[r.ordinal()].sum());
        }
        return map;
    }

    @Override
    public String toString() {
        return "DropCounters" + snapshot();
    }
}

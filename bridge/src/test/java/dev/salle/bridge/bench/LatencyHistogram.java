package dev.salle.bridge.bench;

/**
 * One-way latencies in 10 µs buckets up to 1 s (anything slower lands in the last bucket), with
 * percentiles read from the bucket's upper edge, so a reported p99 is never below the true one.
 * Not thread-safe: one receiving thread records, and {@link #merge} runs after it stopped.
 */
final class LatencyHistogram {

    static final long BUCKET_NANOS = 10_000;
    static final int BUCKETS = 100_000;

    private final long[] counts = new long[BUCKETS];
    private long total;

    /** Records one latency; negative values (clock misuse) count as zero. */
    void record(long nanos) {
        long bucket = Math.max(0, nanos) / BUCKET_NANOS;
        counts[(int) Math.min(bucket, BUCKETS - 1)]++;
        total++;
    }

    void merge(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The latency at or below which a fraction {@code q} (0 &lt; q ≤ 1) of the samples fall, in nanoseconds; -1 when empty. */
    long percentileNanos(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("percentile q=" + q + " must be in (0, 1]");
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS;
            }
        }
        return BUCKETS * BUCKET_NANOS;
    }
}

package dev.salle.provisioning.service;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address: {@code burst} requests at once, then one per
 * {@code refill}. It remembers at most {@code maxSources} addresses (the least recently seen are
 * forgotten first), so a flood from many addresses cannot grow it without bound. Thread-safe.
 */
public final class SourceRateLimiter {

    private record Bucket(double tokens, long atNanos) {
    }

    private final int burst;
    private final Duration refill;
    private final int maxSources;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    public SourceRateLimiter(int burst, Duration refill, int maxSources, Clock clock) {
        if (burst < 1 || refill.isZero() || refill.isNegative() || maxSources < 1) {
            throw new IllegalArgumentException("a rate limit needs burst ≥ 1, a positive refill and room for a source");
        }
        this.burst = burst;
        this.refill = refill;
        this.maxSources = maxSources;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > SourceRateLimiter.this.maxSources;
            }
        };
    }

    /** Ten at once, then one every six seconds (ten a minute), for up to 10,000 addresses. */
    public static SourceRateLimiter standard(Clock clock) {
        return new SourceRateLimiter(10, Duration.ofSeconds(6), 10_000, clock);
    }

    /**
     * Takes a token for {@code source}.
     *
     * @return zero when allowed, else the whole seconds to wait (at least 1)
     */
    public synchronized long acquire(String source) {
        long now = clock.instant().toEpochMilli() * 1_000_000L;
        Bucket b = buckets.get(source);
        double tokens = b == null ? burst
                : Math.min(burst, b.tokens() + (now - b.atNanos()) / (double) refill.toNanos());
        if (tokens >= 1) {
            buckets.put(source, new Bucket(tokens - 1, now));
            return 0;
        }
        buckets.put(source, new Bucket(tokens, now));
        return Math.max(1, (long) Math.ceil((1 - tokens) * refill.toNanos() / 1e9));
    }

    /** How many sources are remembered now. */
    public synchronized int sources() {
        return buckets.size();
    }
}

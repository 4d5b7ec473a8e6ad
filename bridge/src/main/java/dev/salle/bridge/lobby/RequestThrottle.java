package dev.salle.bridge.lobby;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per key (the source address): {@code perMinute} requests at once, refilled at
 * {@code perMinute} per minute. Thread-safe (one lock). Full buckets are forgotten once more than
 * {@value #FORGET_ABOVE} keys are held, so memory stays bounded by the number of active sources.
 */
public final class RequestThrottle {

    private static final int FORGET_ABOVE = 1000;

    private final Clock clock;
    private final double capacity;
    private final double perNano;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public RequestThrottle(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a throttle needs at least 1 request per minute, got " + perMinute);
        }
        this.clock = clock;
        this.capacity = perMinute;
        this.perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
    }

    /**
     * Takes one request from {@code key}'s bucket.
     *
     * @return empty when allowed; otherwise how long until the next request would be allowed
     */
    public synchronized Optional<Duration> tryAcquire(String key) {
        Instant now = clock.instant();
        if (buckets.size() > FORGET_ABOVE) {
            buckets.values().removeIf(b -> b.level(now) >= capacity);
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        double level = b.level(now);
        b.tokens = level;
        b.at = now;
        if (level >= 1) {
            b.tokens = level - 1;
            return Optional.empty();
        }
        long waitNanos = (long) Math.ceil((1 - level) / perNano);
        return Optional.of(Duration.ofNanos(Math.max(1, waitNanos)));
    }

    private final class Bucket {
        double tokens;
        Instant at;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }

        double level(Instant now) {
            long nanos = Math.max(0, Duration.between(at, now).toNanos());
            return Math.min(capacity, tokens + nanos * perNano);
        }
    }
}

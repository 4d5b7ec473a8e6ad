package dev.salle.device.fleet;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with equal jitter: attempt {@code n} (from 0) waits a random time in
 * {@code [c/2, c]} where {@code c = min(max, initial * factor^n)}. Not thread-safe: use from one
 * thread (the link's scheduler).
 */
public final class ReconnectBackoff {

    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);
    public static final double DEFAULT_FACTOR = 2.0;

    private final long initialMillis;
    private final long maxMillis;
    private final double factor;
    private final RandomGenerator random;
    private int attempt;

    public ReconnectBackoff(Duration initial, Duration max, double factor, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || factor < 1.0) {
            throw new IllegalArgumentException("backoff initial " + initial + ", max " + max + ", factor "
                    + factor + " are not allowed: need 0 < initial <= max and factor >= 1");
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.factor = factor;
        this.random = random;
    }

    /** 1 s initial, factor 2, at most 60 s. */
    public static ReconnectBackoff standard(RandomGenerator random) {
        return new ReconnectBackoff(DEFAULT_INITIAL, DEFAULT_MAX, DEFAULT_FACTOR, random);
    }

    /** The upper bound of the next delay, before jitter. */
    public Duration ceiling() {
        double c = initialMillis * Math.pow(factor, attempt);
        return Duration.ofMillis((long) Math.min(maxMillis, c));
    }

    /** The delay before the next attempt; each call moves one attempt further. */
    public Duration nextDelay() {
        long ceiling = ceiling().toMillis();
        long half = ceiling / 2;
        long delay = half + random.nextLong(ceiling - half + 1);
        if (attempt < 64) {
            attempt++;
        }
        return Duration.ofMillis(delay);
    }

    /** After a successful connection: the next delay starts from the initial value again. */
    public void reset() {
        attempt = 0;
    }

    /** How many delays were handed out since the last reset. */
    public int attempts() {
        return attempt;
    }
}

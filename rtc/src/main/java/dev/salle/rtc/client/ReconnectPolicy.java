package dev.salle.rtc.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Bounded exponential backoff with jitter and a total time budget: after a connection is lost,
 * attempt {@code n} (0-based) waits a random delay in {@code [base·2ⁿ/2, base·2ⁿ]} capped at
 * {@code maxDelay} ("equal jitter"), and no attempt is planned once the budget since the loss
 * would be exceeded. Immutable and thread-safe; the caller keeps the attempt count and the time
 * of the loss, and owns the scheduler that waits.
 *
 * @param baseDelay delay scale of the first attempt, positive
 * @param maxDelay largest delay between two attempts, at least {@code baseDelay}
 * @param budget total time from the loss after which the caller gives up, positive
 */
public record ReconnectPolicy(Duration baseDelay, Duration maxDelay, Duration budget) {

    /** "Back in the call within 10 s": 250 ms first, at most 2 s apart, 10 s in all. */
    public static final ReconnectPolicy BACK_IN_THE_CALL = new ReconnectPolicy(Duration.ofMillis(250),
            Duration.ofSeconds(2), Duration.ofSeconds(10));

    public ReconnectPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(budget, "budget");
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("baseDelay must be positive, got " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " must be at least baseDelay " + baseDelay);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive, got " + budget);
        }
    }

    /**
     * The delay before attempt {@code attempt}, or empty when that attempt would start after the
     * budget: then the caller gives up and shows the failure.
     *
     * @param attempt attempts already made since the loss, 0 or more
     * @param lostAt when the connection was lost
     * @param now the current time (from the caller's injected clock)
     * @param random source of jitter
     */
    public Optional<Duration> nextDelay(int attempt, Instant lostAt, Instant now, RandomGenerator random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 or more, got " + attempt);
        }
        long capMillis = maxDelay.toMillis();
        long ceiling = attempt >= 30 ? capMillis : Math.min(capMillis, baseDelay.toMillis() << attempt);
        long half = ceiling / 2;
        long delay = half + (ceiling - half == 0 ? 0 : random.nextLong(ceiling - half + 1));
        Instant at = now.plusMillis(delay);
        if (at.isAfter(lostAt.plus(budget))) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(delay));
    }
}

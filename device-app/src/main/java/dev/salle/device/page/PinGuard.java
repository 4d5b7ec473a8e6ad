package dev.salle.device.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Checks the {@code Authorization: Bearer <pin>} of control API requests and slows down guessing:
 * after {@value #MAX_FAILURES} wrong PINs within {@link #WINDOW}, from any source, every request is
 * refused for {@link #LOCKOUT}, whatever PIN it carries. A missing header is not a guess and is not
 * counted; a header with another scheme or a wrong PIN is.
 *
 * <p>Threading: thread-safe; time comes from the given clock.
 */
final class PinGuard {

    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Duration LOCKOUT = Duration.ofSeconds(60);

    /** What a check decided. */
    enum Verdict { ALLOWED, MISSING, WRONG, LOCKED_OUT }

    private final Clock clock;
    private final Deque<Instant> recentFailures = new ArrayDeque<>();
    private long failures;
    private Instant lockedUntil = Instant.EPOCH;

    PinGuard(Clock clock) {
        this.clock = clock;
    }

    /**
     * Checks one request's {@code Authorization} header against the PIN.
     *
     * @param authorization the header's value, or null when the request has none
     */
    synchronized Verdict check(ControlPin pin, String authorization) {
        if (!pin.required()) {
            return Verdict.ALLOWED;
        }
        Instant now = clock.instant();
        if (now.isBefore(lockedUntil)) {
            return Verdict.LOCKED_OUT;
        }
        if (authorization == null || authorization.isBlank()) {
            return Verdict.MISSING;
        }
        String value = authorization.strip();
        boolean bearer = value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ");
        if (bearer && pin.matches(value.substring(7).strip())) {
            return Verdict.ALLOWED;
        }
        failures++;
        recentFailures.addLast(now);
        while (!recentFailures.getFirst().isAfter(now.minus(WINDOW))) {
            recentFailures.removeFirst();
        }
        if (recentFailures.size() >= MAX_FAILURES) {
            recentFailures.clear();
            lockedUntil = now.plus(LOCKOUT); // this request still gets its 401; the next ones wait
        }
        return Verdict.WRONG;
    }

    /** Wrong PINs since the device page started. */
    synchronized long failures() {
        return failures;
    }

    /** Whole seconds until the lockout ends (at least 1), for {@code Retry-After}; 0 when not locked. */
    synchronized long secondsLeft() {
        Duration left = Duration.between(clock.instant(), lockedUntil);
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        return Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
    }
}

package dev.salle.rtc.ice;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the peer still consents to receive on the selected pair (RFC 7675 §5.1): consent is
 * fresh while something authenticated comes back from it, an answer to our consent check or a
 * check of its own ({@link IceLiteSession#lastCheck}), or media that passed SRTP authentication;
 * it expires when nothing has come for the timeout. An expiry is reported once; anything heard
 * afterwards makes consent fresh again, and a later silence is a new expiry.
 *
 * <p>Time is the caller's monotonic nanoseconds ({@link System#nanoTime}), so tests give their own.
 * Not thread-safe: one caller (the connection's worker).
 */
public final class ConsentFreshness {

    private final long timeoutNanos;
    private boolean started;
    private long heardAtNanos;
    private Instant lastCheck;
    private long inbound;
    private boolean expired;

    /**
     * @param timeout how long the peer may stay silent; RFC 7675 §5.1 says 30 s
     * @throws IllegalArgumentException unless positive
     */
    public ConsentFreshness(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("consent timeout " + timeout + " must be positive, e.g. 30s");
        }
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Looks at what came from the peer since the last call.
     *
     * @param nowNanos the caller's clock now
     * @param lastCheck when the last authenticated check or check answer arrived, as the session says
     * @param inboundPackets how many authenticated media packets (RTP and RTCP) arrived so far
     * @return true exactly once per expiry: when the peer has been silent for the timeout
     */
    public boolean expiredNow(long nowNanos, Optional<Instant> lastCheck, long inboundPackets) {
        Instant check = lastCheck.orElse(null);
        if (!started || !Objects.equals(check, this.lastCheck) || inboundPackets != inbound) {
            started = true;
            heardAtNanos = nowNanos;
            this.lastCheck = check;
            inbound = inboundPackets;
            expired = false;
            return false;
        }
        if (!expired && nowNanos - heardAtNanos >= timeoutNanos) {
            expired = true;
            return true;
        }
        return false;
    }

    /** Whether consent is expired now (nothing heard since the last expiry). */
    public boolean expired() {
        return expired;
    }

    /** How long the peer has been silent, as of the last {@link #expiredNow} call's clock. */
    public Duration silentFor(long nowNanos) {
        return started ? Duration.ofNanos(Math.max(0, nowNanos - heardAtNanos)) : Duration.ZERO;
    }
}

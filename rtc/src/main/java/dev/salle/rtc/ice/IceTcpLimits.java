package dev.salle.rtc.ice;

import java.time.Duration;
import java.util.Objects;

/**
 * What the passive ICE-TCP port ({@link TcpMux}) allows a connection before its first
 * authenticated check: how long it may take, and how many such connections may wait at once.
 *
 * @param firstCheckTimeout a connection that has not sent an authenticated check by then is closed
 * @param maxPending connections beyond this many waiting for their first check are closed at once
 */
public record IceTcpLimits(Duration firstCheckTimeout, int maxPending) {

    /** 5 s for the first check, 64 connections waiting at once. */
    public static final IceTcpLimits DEFAULTS = new IceTcpLimits(Duration.ofSeconds(5), 64);

    public IceTcpLimits {
        Objects.requireNonNull(firstCheckTimeout, "firstCheckTimeout");
        if (firstCheckTimeout.isNegative() || firstCheckTimeout.isZero()) {
            throw new IllegalArgumentException("firstCheckTimeout is " + firstCheckTimeout + "; it must be positive");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending is " + maxPending + "; at least 1 connection must be allowed to wait");
        }
    }
}

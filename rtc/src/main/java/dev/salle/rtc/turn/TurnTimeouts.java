package dev.salle.rtc.turn;

import java.time.Duration;

/**
 * How long a {@link TurnClient} waits for a response: it sends a request, waits {@code initialRto},
 * sends it again and doubles the wait, up to {@code maxSends} sends, then waits {@code lastWait}
 * once more before giving up (the shape of
 * <a href="https://www.rfc-editor.org/rfc/rfc8489#section-6.2.1">RFC 8489 section 6.2.1</a>).
 *
 * @param initialRto wait after the first send (RFC default 500 ms)
 * @param maxSends sends in all, 1..10 (RFC default Rc = 7)
 * @param lastWait wait after the last send (RFC default Rm × RTO = 8 s)
 */
public record TurnTimeouts(Duration initialRto, int maxSends, Duration lastWait) {

    /** RFC 8489's defaults shortened to what a meeting can wait: 500 ms, 5 sends, 4 s (11.5 s in all). */
    public static final TurnTimeouts DEFAULT = new TurnTimeouts(Duration.ofMillis(500), 5, Duration.ofSeconds(4));

    /** Checks the ranges. */
    public TurnTimeouts {
        if (initialRto == null || initialRto.isNegative() || initialRto.isZero() || initialRto.toSeconds() > 10) {
            throw new IllegalArgumentException("TURN initialRto must be in (0, 10 s], not " + initialRto);
        }
        if (maxSends < 1 || maxSends > 10) {
            throw new IllegalArgumentException("TURN maxSends must be 1..10, not " + maxSends);
        }
        if (lastWait == null || lastWait.isNegative() || lastWait.toSeconds() > 60) {
            throw new IllegalArgumentException("TURN lastWait must be in [0, 60 s], not " + lastWait);
        }
    }
}

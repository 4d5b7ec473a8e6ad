package dev.salle.device.meeting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which participant has the large tile: the one who spoke last, but not more often than once per
 * {@link #HOLD}. When two people talk over each other the active-speaker order can swap several
 * times a second; moving the large tile each time makes the screen flicker and renegotiates both
 * tiles' video sizes. A change within the hold is deferred, not lost: the session lays out again on
 * every tick, and the latest speaker takes the tile once the hold has passed. A holder who left
 * gives the tile up at once.
 *
 * <p>Not thread-safe: the meeting's thread calls it.
 */
final class SpeakerHold {

    /** Shortest time the large tile stays with one participant while others are present. */
    static final Duration HOLD = Duration.ofSeconds(2);

    private final Clock clock;
    private String holder = "";
    private Instant since = Instant.MIN;

    SpeakerHold(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The participant to show large now.
     *
     * @param wanted  the one who spoke last (or the first, when nobody spoke), "" when none
     * @param present the participants with a video now
     */
    String choose(String wanted, List<String> present) {
        Instant now = clock.instant();
        boolean held = !holder.isEmpty() && present.contains(holder) && now.isBefore(since.plus(HOLD));
        if (!wanted.equals(holder) && !held) {
            holder = wanted;
            since = now;
        }
        return holder;
    }
}

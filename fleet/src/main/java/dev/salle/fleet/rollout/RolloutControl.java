package dev.salle.fleet.rollout;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A request to pause, resume, abort or retry a rollout, as stored for the running fleet manager.
 *
 * @param seq its number, in the order of requests
 * @param rolloutId the rollout
 * @param action what to do
 * @param requestedBy a console user, or {@code cli}
 * @param requestedAt when
 * @param outcome what the fleet manager did (empty until it has)
 */
public record RolloutControl(long seq, String rolloutId, Action action, String requestedBy, Instant requestedAt,
                             Optional<String> outcome) {

    /** What can be asked of a rollout. */
    public enum Action {
        /** Stop starting waves; devices already started go on. */
        PAUSE,
        /** Go on after a pause. */
        RESUME,
        /** End it: nothing more starts. */
        ABORT,
        /** Start the failed and timed-out devices again; a halted rollout runs again. */
        RETRY;

        /** Reads {@code pause}, {@code resume}, {@code abort} or {@code retry}. */
        public static Action parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a rollout action: use pause, resume, abort or retry");
            }
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Applies the action to a rollout and says what happened, in words: the new state, or why
     * nothing changed.
     */
    public static String apply(Rollout rollout, Action action, Instant now) {
        Rollout.State before = rollout.state();
        switch (action) {
            case PAUSE -> rollout.pause();
            case RESUME -> rollout.resume(now);
            case ABORT -> rollout.abort();
            case RETRY -> rollout.retryFailed(now);
        }
        Rollout.State after = rollout.state();
        if (action == Action.RETRY && (before == Rollout.State.RUNNING || before == Rollout.State.PAUSED || before == Rollout.State.HALTED)) {
            return "retried: failed devices started again; now " + after;
        }
        return before == after ? "unchanged: the rollout is " + after + ", which " + action.word() + " does not change"
                : before + " -> " + after;
    }
}

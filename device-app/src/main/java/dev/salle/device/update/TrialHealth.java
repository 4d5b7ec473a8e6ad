package dev.salle.device.update;

import java.util.Optional;

/**
 * The health check of a version on trial ({@link UpdateAgent#onStart(TrialHealth, java.time.Duration)}):
 * empty when the version is healthy, else a short sentence saying what is not, which the agent logs
 * and reports as {@code detail} when the check fails at its timeout.
 *
 * <p>Threading: called on the update's trial thread, every 500 ms until it passes or times out;
 * it must answer at once and not throw.
 */
@FunctionalInterface
public interface TrialHealth {

    /** Empty when healthy, else what is wrong, e.g. "the fleet broker is not reachable". */
    Optional<String> problem();
}

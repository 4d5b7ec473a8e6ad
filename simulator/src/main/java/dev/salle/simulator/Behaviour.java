package dev.salle.simulator;

import java.time.Duration;

/**
 * How one simulated room behaves when asked to update, and whether it misbehaves on purpose.
 *
 * @param failHealthCheck its new version fails the health check: it reports {@code rolled-back}
 * @param stepDelay the time each update step takes (download, verify, install, reboot), without
 *                  any payload being fetched: the simulator measures the control plane
 */
public record Behaviour(boolean failHealthCheck, Duration stepDelay) {

    public static final Behaviour GOOD = new Behaviour(false, Duration.ofMillis(50));

    public Behaviour {
        if (stepDelay.isNegative() || stepDelay.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("a step delay of " + stepDelay + " is outside 0-5 min");
        }
    }
}

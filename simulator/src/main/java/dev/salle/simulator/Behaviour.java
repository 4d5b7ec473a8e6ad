package dev.salle.simulator;

import java.time.Duration;
import java.util.Optional;

/**
 * How one simulated room behaves, and how it misbehaves on purpose. What it starts with; a test or
 * bench can change a room's health while it runs ({@link DeviceSimulator#breakPart},
 * {@link DeviceSimulator#poorCall}).
 *
 * @param failHealthCheck its new version fails the health check: it reports {@code rolled-back}
 * @param stepDelay the time each update step takes (download, verify, install, reboot), without
 *                  any payload being fetched: the simulator measures the control plane; a long one
 *                  is a slow download
 * @param brokenPart a part it reports missing or down from the start, if any
 * @param poorCall it starts in a call whose quality it reports as {@code poor}
 */
public record Behaviour(boolean failHealthCheck, Duration stepDelay, Optional<Part> brokenPart, boolean poorCall) {

    public static final Behaviour GOOD = new Behaviour(false, Duration.ofMillis(50), Optional.empty(), false);

    /** What a room can report broken: the parts the fleet's health reads, and the network link. */
    public enum Part {
        CAMERA, MICROPHONE, DISPLAY, NETWORK;

        /** The telemetry key. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Behaviour {
        if (stepDelay.isNegative() || stepDelay.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("a step delay of " + stepDelay + " is outside 0-5 min");
        }
        java.util.Objects.requireNonNull(brokenPart, "brokenPart");
    }

    /** A room that fails its health check after an update, or not, and is otherwise healthy. */
    public static Behaviour updating(boolean failHealthCheck, Duration stepDelay) {
        return new Behaviour(failHealthCheck, stepDelay, Optional.empty(), false);
    }
}

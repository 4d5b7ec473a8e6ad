package dev.salle.device.fleet;

import java.util.Optional;

/**
 * Where the fleet's {@code snapshot} command gets a picture of what the device's screen shows:
 * on a device, the display pipeline's latest JPEG (the same one the local device page serves).
 * The agent scales it down before it goes on the wire, so any size will do.
 *
 * <p>Threading: called on the agent's executor; must be thread-safe and return at once (hand over
 * the latest picture, do not render one).
 */
@FunctionalInterface
public interface ScreenSource {

    /** The latest JPEG of the whole screen, or empty when none was made yet (the display is starting). */
    Optional<byte[]> latestJpeg();
}

package dev.salle.device.fleet;

import java.util.Optional;

/**
 * Where the fleet's {@code snapshot} command gets a picture of what the device's screen shows:
 * on a device, a fresh JPEG from the display pipeline (the same one the local device page serves).
 * The agent scales it down before it goes on the wire, so any size will do.
 *
 * <p>Threading: called on the agent's executor; must be thread-safe. May block briefly (at most a
 * couple of seconds) while the display's snapshot encoder, idle when nobody asks, encodes one.
 */
@FunctionalInterface
public interface ScreenSource {

    /** A fresh JPEG of the whole screen, or empty when none could be made (the display is starting). */
    Optional<byte[]> latestJpeg();
}

package dev.salle.device.fleet;

import java.util.List;

/**
 * Where the fleet's {@code collect-logs} command gets the device's most recent log lines: on a
 * device, an in-memory ring buffer fed by the logging backend. Lines are already free of secrets
 * (redacted as they are stored); the agent bounds the reply's size.
 *
 * <p>Threading: called on the agent's executor while other threads log; must be thread-safe.
 */
@FunctionalInterface
public interface RecentLogs {

    /** At most {@code max} of the newest lines, oldest first; {@code max} is at least 1. */
    List<String> newest(int max);
}

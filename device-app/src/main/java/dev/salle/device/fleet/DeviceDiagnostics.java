package dev.salle.device.fleet;

import java.util.Objects;
import java.util.Optional;

/**
 * What the device offers the fleet for looking into a room from afar: its screen (for
 * {@code snapshot}) and its recent log lines (for {@code collect-logs}). A device without one
 * answers that command {@code failed}, saying why.
 *
 * @param screen the screen's latest picture; empty on a device without a display
 * @param logs the recent log lines; empty where the logging backend keeps none
 */
public record DeviceDiagnostics(Optional<ScreenSource> screen, Optional<RecentLogs> logs) {

    /** Neither: both commands answer {@code failed}. */
    public static final DeviceDiagnostics NONE = new DeviceDiagnostics(Optional.empty(), Optional.empty());

    public DeviceDiagnostics {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(logs, "logs");
    }
}

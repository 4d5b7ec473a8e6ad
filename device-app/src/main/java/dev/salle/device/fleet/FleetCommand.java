package dev.salle.device.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A parsed and validated command request. */
sealed interface FleetCommand {

    record Ping() implements FleetCommand {}

    record Identify(Duration duration) implements FleetCommand {}

    record Restart() implements FleetCommand {}

    record Join(Optional<String> meetingUrl) implements FleetCommand {}

    record Leave() implements FleetCommand {}

    record GetConfig() implements FleetCommand {}

    record SetConfig(Map<String, Object> changes) implements FleetCommand {}

    /** Wipe the device's identity and restart into QR scanning; {@code confirm} must be the device's id. */
    record FactoryReset(String confirm) implements FleetCommand {}

    /** A small JPEG of what the screen shows, base64 in the reply. */
    record Snapshot() implements FleetCommand {}

    /** The newest {@code lines} log lines (1 to 500), secrets redacted. */
    record CollectLogs(int lines) implements FleetCommand {}

    /** Fetch the signed bundle at {@code url} (https), verify it, and install it when the room is idle. */
    record Update(java.net.URI url) implements FleetCommand {}
}

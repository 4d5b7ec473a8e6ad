package dev.salle.fleet.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.monitor.DeviceActivity;
import java.util.concurrent.CompletableFuture;

/**
 * What the console needs from a running fleet manager beyond the database: what devices said
 * lately, and a way to send one a command and get its reply.
 */
public interface FleetLive {

    DeviceActivity activity();

    /** Who leads the fleet's database, as this manager sees it; empty where no lease is kept. */
    default java.util.Optional<dev.salle.fleet.lease.Leadership.Status> leadership() {
        return java.util.Optional.empty();
    }

    /**
     * Sends {@code {"command": command, "args": args}} to the device; the future completes with
     * its reply ({@code {"ok":…}}), or exceptionally when none came in time.
     */
    CompletableFuture<JsonNode> command(String deviceId, String command, ObjectNode args);
}

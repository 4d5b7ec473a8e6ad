package dev.salle.fleet.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * What the fleet knows of one device.
 *
 * @param id the device id (its certificate's CN)
 * @param online what its retained state says: connected, or gone (cleanly or by its will)
 * @param reason why it is offline ({@code lost}, {@code shutdown}), when it is
 * @param version the device app's version
 * @param room the room's name
 * @param site the site's name
 * @param call the call state ({@code idle}, {@code in_call}, …: {@code docs/fleet-protocol.md}) while online
 * @param stateAt when the fleet received the state
 * @param lastSeen when the fleet last heard from the device (state or telemetry)
 */
public record DeviceRecord(String id, boolean online, Optional<String> reason, Optional<String> version,
                           Optional<String> room, Optional<String> site, Optional<String> call, Instant stateAt,
                           Instant lastSeen) {
}

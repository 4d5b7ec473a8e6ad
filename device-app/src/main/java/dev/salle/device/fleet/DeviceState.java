package dev.salle.device.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * What the fleet sees of the device in its retained state message.
 *
 * @param version firmware version
 * @param room room name
 * @param site site name
 * @param call call state: {@code idle}, {@code joining}, {@code in_call}, {@code leaving},
 *     {@code error} or {@code provisioning}
 * @param since when the device entered that call state
 */
public record DeviceState(String version, String room, String site, String call, Instant since) {

    public DeviceState {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(since, "since");
    }
}

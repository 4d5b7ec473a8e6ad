package dev.salle.fleet.config;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a device last did with its layered configuration.
 *
 * @param applied the values it last accepted (key to value)
 * @param appliedHash {@link LayerResolution#hash} of those values
 * @param appliedAt when it accepted them; empty before the first time
 * @param error why it refused the latest values, when it did
 * @param errorHash the hash of the values it refused
 * @param errorAt when it refused them
 */
public record DeviceConfigStatus(Map<String, String> applied, String appliedHash, Optional<Instant> appliedAt,
                                 Optional<String> error, Optional<String> errorHash, Optional<Instant> errorAt) {

    public static final DeviceConfigStatus NONE = new DeviceConfigStatus(Map.of(), LayerResolution.hash(Map.of()),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}

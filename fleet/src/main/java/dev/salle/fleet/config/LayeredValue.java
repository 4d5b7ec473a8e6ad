package dev.salle.fleet.config;

import java.time.Instant;

/**
 * One value of one layer.
 *
 * @param key the device setting ({@code docs/configuration.md})
 * @param value the value, as it would be written in the device's config file
 * @param scope the layer it belongs to
 * @param updatedAt when it was last set
 * @param updatedBy who set it (a console user, or {@code cli})
 */
public record LayeredValue(String key, String value, ConfigScope scope, Instant updatedAt, String updatedBy) {}

package dev.salle.hw.display;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link CecDisplay} finds the display.
 *
 * @param cecDevice the CEC adapter (default {@code /dev/cec0}, the Pi's first HDMI port)
 * @param drmRoot the DRM sysfs directory (default {@code /sys/class/drm})
 * @param hotPlugPoll how often to read the connector for hot-plug (default 2 s, 100 ms to 1 min)
 * @param commandTimeout how long one {@code cec-ctl} run may take (default 5 s, 100 ms to 30 s)
 */
public record CecDisplayConfig(String cecDevice, Path drmRoot, Duration hotPlugPoll, Duration commandTimeout) {

    public CecDisplayConfig {
        Objects.requireNonNull(cecDevice, "display cecDevice is null; use /dev/cec0");
        if (!cecDevice.matches("/dev/cec\\d+")) {
            throw new IllegalArgumentException("display cecDevice '" + cecDevice + "' is not a CEC device; use /dev/cecN");
        }
        Objects.requireNonNull(drmRoot, "display drmRoot is null; use /sys/class/drm");
        check("hotPlugPoll", hotPlugPoll, Duration.ofMillis(100), Duration.ofMinutes(1));
        check("commandTimeout", commandTimeout, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    private static void check(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("display " + key + " " + (value == null ? "null" : value.toMillis() + " ms")
                    + " is out of range; use " + min.toMillis() + " ms to " + max.toMillis() + " ms");
        }
    }

    /** {@code /dev/cec0}, {@code /sys/class/drm}, poll every 2 s, 5 s per command. */
    public static CecDisplayConfig defaults() {
        return new CecDisplayConfig("/dev/cec0", Path.of("/sys/class/drm"), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}

package dev.salle.hw.display;

import java.util.Objects;
import java.util.Optional;

/**
 * What we know about the display now.
 *
 * @param connected whether a display is plugged in (HDMI hot-plug detect)
 * @param connector the DRM connector, e.g. {@code card1-HDMI-A-1}, or empty when there is none
 * @param mode the preferred mode, when a display is connected and reports one
 * @param power the power state, {@link PowerState#UNKNOWN} until asked or set
 */
public record DisplayStatus(boolean connected, String connector, Optional<DisplayMode> mode, PowerState power) {

    public DisplayStatus {
        connector = Objects.requireNonNullElse(connector, "");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(power, "power");
    }

    /** The same status with another power state. */
    public DisplayStatus withPower(PowerState newPower) {
        return new DisplayStatus(connected, connector, mode, newPower);
    }
}

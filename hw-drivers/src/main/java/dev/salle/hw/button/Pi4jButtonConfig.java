package dev.salle.hw.button;

import java.util.Objects;

/**
 * Where the button is wired and how it reads.
 *
 * @param bcmPin the BCM GPIO number (default 17, header pin 11), 0–27
 * @param activeLow whether pressing pulls the line low (default {@code true}: the switch connects
 *     the pin to ground and the internal pull-up holds it high otherwise)
 * @param timing debounce and long-press times
 */
public record Pi4jButtonConfig(int bcmPin, boolean activeLow, ButtonTiming timing) {

    /** BCM 17, header pin 11. */
    public static final int DEFAULT_BCM_PIN = 17;

    public Pi4jButtonConfig {
        if (bcmPin < 0 || bcmPin > 27) {
            throw new IllegalArgumentException("button bcmPin " + bcmPin
                    + " is not a Raspberry Pi header GPIO; use a BCM number from 0 to 27 (default 17)");
        }
        Objects.requireNonNull(timing, "button timing is null; use ButtonTiming.defaults()");
    }

    /** BCM 17, active low with pull-up, default timing. */
    public static Pi4jButtonConfig defaults() {
        return new Pi4jButtonConfig(DEFAULT_BCM_PIN, true, ButtonTiming.defaults());
    }
}

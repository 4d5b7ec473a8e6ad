package dev.salle.hw.led;

/**
 * Where the RGB status LED is wired.
 *
 * @param redBcm BCM GPIO of the red channel (default 23, header pin 16)
 * @param greenBcm BCM GPIO of the green channel (default 24, header pin 18)
 * @param blueBcm BCM GPIO of the blue channel (default 25, header pin 22)
 * @param activeHigh {@code true} for a common-cathode LED (a high pin lights it, the default);
 *     {@code false} for common-anode
 */
public record RgbLedPins(int redBcm, int greenBcm, int blueBcm, boolean activeHigh) {

    public RgbLedPins {
        check("redBcm", redBcm);
        check("greenBcm", greenBcm);
        check("blueBcm", blueBcm);
        if (redBcm == greenBcm || redBcm == blueBcm || greenBcm == blueBcm) {
            throw new IllegalArgumentException("LED pins red=" + redBcm + " green=" + greenBcm + " blue=" + blueBcm
                    + " must be three different BCM GPIOs");
        }
    }

    private static void check(String key, int pin) {
        if (pin < 0 || pin > 27) {
            throw new IllegalArgumentException("LED " + key + " " + pin
                    + " is not a Raspberry Pi header GPIO; use a BCM number from 0 to 27");
        }
    }

    /** BCM 23/24/25, common cathode. */
    public static RgbLedPins defaults() {
        return new RgbLedPins(23, 24, 25, true);
    }
}

package dev.salle.hw.led;

/**
 * An RGB colour, each channel 0–255.
 *
 * <p>An LED on plain GPIO outputs (no PWM) lights a channel fully when its value is above zero, so
 * dim white shows as white and amber as yellow there.
 */
public record LedColour(int red, int green, int blue) {

    public static final LedColour BLACK = new LedColour(0, 0, 0);

    public LedColour {
        check("red", red);
        check("green", green);
        check("blue", blue);
    }

    private static void check(String channel, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("LED colour " + channel + " " + value + " is out of range; use 0 to 255");
        }
    }

    /** As {@code #rrggbb}, for the device page. */
    public String hex() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }
}

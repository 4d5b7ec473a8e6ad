package dev.salle.hw.display;

/**
 * The display's preferred mode.
 *
 * @param width pixels, positive
 * @param height pixels, positive
 * @param refreshHz refresh rate in Hz, 0 when unknown
 */
public record DisplayMode(int width, int height, int refreshHz) {

    public DisplayMode {
        if (width <= 0 || height <= 0 || refreshHz < 0) {
            throw new IllegalArgumentException("display mode " + width + "x" + height + "@" + refreshHz
                    + " is invalid; width and height must be positive and refresh at least 0");
        }
    }

    @Override
    public String toString() {
        return width + "x" + height + (refreshHz > 0 ? "@" + refreshHz : "");
    }
}

package dev.salle.hw.camera;

/** A frame size in pixels, both sides positive. */
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " must have positive sides");
        }
    }

    /**
     * Parses {@code WIDTHxHEIGHT}, e.g. {@code 1920x1080}.
     *
     * @throws IllegalArgumentException naming the text when it is not a size
     */
    public static FrameSize parse(String text) {
        int x = text.indexOf('x');
        try {
            if (x > 0) {
                return new FrameSize(Integer.parseInt(text.substring(0, x).trim()),
                        Integer.parseInt(text.substring(x + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a frame size; expected WIDTHxHEIGHT such as 1920x1080");
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}

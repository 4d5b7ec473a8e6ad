package dev.salle.media.pipeline;

/**
 * The camera's low simulcast layer: a second, small encoding of the same frames, for tiles that
 * need little (a filmstrip, a phone). Immutable; validated on construction.
 *
 * @param width even, 16..the main layer's width
 * @param height even, 16..the main layer's height
 * @param bitrateKbps the low encoder's target, 50..2000 kbit/s
 */
public record LowLayer(int width, int height, int bitrateKbps) {

    /** The usual low layer's target: 150 kbit/s, as LiveKit's clients use for a quarter-size layer. */
    public static final int DEFAULT_BITRATE_KBPS = 150;

    public LowLayer {
        VideoSendConfig.requireRange("low layer width", width, 16, 1920);
        VideoSendConfig.requireRange("low layer height", height, 16, 1080);
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("low layer size is " + width + "x" + height
                    + "; width and height must be even (4:2:0 chroma)");
        }
        VideoSendConfig.requireRange("low layer bitrate (kbit/s)", bitrateKbps, 50, 2000);
    }

    /**
     * A quarter of each side of the main layer (320×180 for 1280×720), rounded down to even sizes,
     * at {@link #DEFAULT_BITRATE_KBPS}.
     *
     * @throws IllegalArgumentException when the main layer is too small to have one (under 64×64)
     */
    public static LowLayer quarterOf(VideoSendConfig main) {
        return new LowLayer((main.width() / 4) & ~1, (main.height() / 4) & ~1, DEFAULT_BITRATE_KBPS);
    }

    /** Whether this layer fits strictly inside the main one. */
    boolean smallerThan(VideoSendConfig main) {
        return width < main.width() && height < main.height();
    }
}

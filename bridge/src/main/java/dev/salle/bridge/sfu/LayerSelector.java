package dev.salle.bridge.sfu;

import java.util.List;

/**
 * Picks the simulcast layer a subscriber should get for the size its tile asks for
 * ({@code UpdateTrackSettings.width/height}; 0×0 means "as small as possible" is not assumed:
 * LiveKit clients send 0 when the track is not visible, which pauses it).
 *
 * <p>The choice is the smallest layer at least as large as the request in both dimensions, or the
 * largest layer when none is; a disabled request selects no layer.
 */
public final class LayerSelector {

    /** One published layer: its index (0 = lowest) and encoded size. */
    public record Layer(int index, int width, int height) {
        public Layer {
            if (index < 0 || index > 2 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("a simulcast layer needs index 0..2 and a positive size, got "
                        + index + " " + width + "x" + height);
            }
        }
    }

    private LayerSelector() {}

    /**
     * @param layers the publisher's layers, any order
     * @param disabled whether the subscriber paused the track
     * @return the layer index, or -1 for none
     */
    public static int choose(List<Layer> layers, int width, int height, boolean disabled) {
        if (disabled || layers.isEmpty()) {
            return -1;
        }
        Layer best = null;
        Layer largest = null;
        for (Layer l : layers) {
            if (largest == null || l.width() * l.height() > largest.width() * largest.height()) {
                largest = l;
            }
            boolean fits = l.width() >= width && l.height() >= height;
            if (fits && (best == null || l.width() * l.height() < best.width() * best.height())) {
                best = l;
            }
        }
        return (best != null ? best : largest).index();
    }
}

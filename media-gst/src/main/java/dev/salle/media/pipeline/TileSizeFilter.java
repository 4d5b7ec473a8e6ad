package dev.salle.media.pipeline;

import org.freedesktop.gstreamer.Element;

/**
 * A capsfilter that fixes a tile's video size, and the size it was last given. The caps are set
 * only when the size changes: every change renegotiates the branch upstream. Callers serialise
 * {@link #set}.
 */
final class TileSizeFilter {

    private final Element capsfilter;
    private final String name;
    private TileSize size;

    /** @param initial the size the pipeline description already gave the capsfilter */
    TileSizeFilter(Element capsfilter, String name, TileSize initial) {
        this.capsfilter = capsfilter;
        this.name = name;
        this.size = initial;
    }

    /** Asks for {@code next} from the next frame on, unless it asks for it already. */
    void set(TileSize next) {
        if (!next.equals(size)) {
            TileCaps.set(capsfilter, next);
            size = next;
        }
    }

    /** The size last set (or the initial one). */
    TileSize size() {
        return size;
    }

    /** The size the capsfilter's caps ask for now, read from the element (what tests check). */
    TileSize fromElement() {
        return TileCaps.of(capsfilter).orElseThrow(() -> new IllegalStateException(
                "capsfilter " + name + " fixes no size; this is a bug"));
    }
}

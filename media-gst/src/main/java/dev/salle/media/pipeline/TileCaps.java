package dev.salle.media.pipeline;

import java.util.Optional;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Structure;

/** Sets and reads the size in a capsfilter's caps and a pad's negotiated caps. Any thread. */
final class TileCaps {

    private TileCaps() {}

    /** Sets a capsfilter's caps to this size; upstream renegotiates at its next frame. */
    static void set(Element capsfilter, TileSize size) {
        capsfilter.set("caps", Caps.fromString(size.caps()));
    }

    /** The size a capsfilter's caps ask for now, empty when they fix none. */
    static Optional<TileSize> of(Element capsfilter) {
        return sizeIn((Caps) capsfilter.get("caps"));
    }

    /** The size negotiated on a pad now, empty before any. */
    static Optional<TileSize> negotiated(Pad pad) {
        return sizeIn(pad.getCurrentCaps());
    }

    private static Optional<TileSize> sizeIn(Caps caps) {
        if (caps == null || caps.size() == 0) {
            return Optional.empty();
        }
        Structure s = caps.getStructure(0);
        if (!s.hasField("width") || !s.hasField("height")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TileSize(s.getInteger("width"), s.getInteger("height")));
        } catch (RuntimeException notFixed) {
            return Optional.empty();
        }
    }
}

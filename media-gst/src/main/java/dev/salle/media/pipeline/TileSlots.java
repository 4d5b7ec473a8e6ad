package dev.salle.media.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;

/**
 * The display's fixed tile slots while PLAYING: each slot's compositor pad (position, size, alpha),
 * the capsfilter that fixes its video's size, and its name overlay (text, position). Showing tiles
 * only sets properties. A shown slot's video arrives at the size of its place (the capsfilter
 * renegotiates when the layout changes), so the compositor copies it without scaling; a hidden
 * slot keeps its last size, so a sender that stays open need not renegotiate. Holds strong
 * references to the pads, capsfilters and overlays; the caller serialises calls (DisplayPipeline's lock).
 */
final class TileSlots {

    /** A name is at most this fraction of its tile's width, estimated from the font size. */
    private static final double CHAR_WIDTH_PER_FONT_PX = 0.6;

    private final TileLayout layout;
    private final int width;
    private final int height;
    private final int nameFontPx;
    private final List<Pad> pads = new ArrayList<>();
    private final List<Element> nameOverlays = new ArrayList<>();
    private final List<TileSizeFilter> sizeFilters = new ArrayList<>();

    TileSlots(LivePipeline pipeline, DisplayConfig config) {
        this.width = config.width();
        this.height = config.height();
        this.layout = new TileLayout(width, height);
        this.nameFontPx = DisplayLayout.smallFontPx(config);
        Element mix = pipeline.element("mix");
        for (int slot = 0; slot < config.tileSlots(); slot++) {
            Pad pad = mix.getStaticPad(DisplayLayout.tilePad(slot));
            if (pad == null) {
                throw new IllegalStateException("display compositor has no pad " + DisplayLayout.tilePad(slot)
                        + "; this is a bug in the pipeline description");
            }
            pads.add(pad);
            nameOverlays.add(pipeline.element(DisplayLayout.nameOverlay(slot)));
            sizeFilters.add(new TileSizeFilter(pipeline.element(DisplayLayout.tileCaps(slot)), DisplayLayout.tileCaps(slot),
                    new TileSize(DisplayLayout.tileInputWidth(config), DisplayLayout.tileInputHeight(config))));
        }
    }

    int count() {
        return pads.size();
    }

    /** Shows these tiles (validated: slots in range, no duplicates), the speaker first; hides every other slot. */
    void show(List<TileView> tiles) {
        List<TileView> ordered = speakerFirst(tiles);
        List<TileLayout.Rect> places = layout.arrange(ordered.size());
        boolean[] shown = new boolean[pads.size()];
        for (int i = 0; i < ordered.size(); i++) {
            int slot = ordered.get(i).slot();
            shown[slot] = true;
            place(slot, places.get(i), ordered.get(i).name());
        }
        for (int slot = 0; slot < pads.size(); slot++) {
            if (!shown[slot]) {
                hide(slot);
            }
        }
    }

    /** The size slot {@code slot}'s video is scaled to now: its place's, or its last one while hidden. */
    TileSize size(int slot) {
        return sizeFilters.get(slot).size();
    }

    /** The size slot {@code slot}'s capsfilter asks for now, read from the element. */
    TileSize sizeFilterNow(int slot) {
        return sizeFilters.get(slot).fromElement();
    }

    /** The size negotiated on slot {@code slot}'s compositor pad now, empty before its first frame. */
    java.util.Optional<TileSize> negotiatedSize(int slot) {
        return TileCaps.negotiated(pads.get(slot));
    }

    /** Each slot's name overlay text now, read from the element, as plain text; "" for hidden slots. */
    Map<Integer, String> nameTexts() {
        Map<Integer, String> texts = new TreeMap<>();
        for (int slot = 0; slot < nameOverlays.size(); slot++) {
            texts.put(slot, OverlayText.unescape(nameMarkup(slot)));
        }
        return Collections.unmodifiableMap(texts);
    }

    /** A name overlay's {@code text} property now, as GStreamer holds it (Pango markup). */
    String nameMarkup(int slot) {
        Object text = nameOverlays.get(slot).get("text");
        return text == null ? "" : text.toString();
    }

    /** The compositor pad's rectangle and alpha now, read from the pad. */
    TileLayout.Rect padRect(int slot) {
        Pad pad = pads.get(slot);
        return new TileLayout.Rect((Integer) pad.get("xpos"), (Integer) pad.get("ypos"), (Integer) pad.get("width"),
                (Integer) pad.get("height"));
    }

    double padAlpha(int slot) {
        return ((Number) pads.get(slot).get("alpha")).doubleValue();
    }

    private void place(int slot, TileLayout.Rect r, String name) {
        sizeFilters.get(slot).set(new TileSize(r.width(), r.height()));
        Pad pad = pads.get(slot);
        pad.set("xpos", r.x());
        pad.set("ypos", r.y());
        pad.set("width", r.width());
        pad.set("height", r.height());
        pad.set("alpha", 1.0);
        int maxChars = Math.max(4, (int) (r.width() / (nameFontPx * CHAR_WIDTH_PER_FONT_PX)));
        Element overlay = nameOverlays.get(slot);
        overlay.set("xpos", (r.x() + r.width() / 2.0) / width);
        overlay.set("ypos", Math.max(0.0, (r.bottom() - nameFontPx) / (double) height));
        overlay.set("text", PangoText.escape(OverlayText.cut(name, maxChars)));
    }

    private void hide(int slot) {
        Pad pad = pads.get(slot);
        pad.set("alpha", 0.0);
        pad.set("width", 0);
        pad.set("height", 0);
        pad.set("xpos", 0);
        pad.set("ypos", 0);
        nameOverlays.get(slot).set("text", "");
    }

    private static List<TileView> speakerFirst(List<TileView> tiles) {
        List<TileView> ordered = new ArrayList<>(tiles);
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).speaker()) {
                ordered.add(0, ordered.remove(i));
                break;
            }
        }
        return ordered;
    }
}

package dev.salle.media.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Screen geometry of the display, pure arithmetic: the self-view corner (bottom right, a quarter
 * of each side), the filmstrip row to its left, and the main area above both. All values are even
 * pixels (4:2:0 chroma). Immutable.
 */
final class TileLayout {

    /** A rectangle in output pixels. */
    record Rect(int x, int y, int width, int height) {

        int right() {
            return x + width;
        }

        int bottom() {
            return y + height;
        }

        boolean intersects(Rect o) {
            return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
        }

        boolean within(int screenWidth, int screenHeight) {
            return x >= 0 && y >= 0 && right() <= screenWidth && bottom() <= screenHeight;
        }
    }

    private final int width;
    private final int height;
    private final int margin;
    private final Rect selfView;

    TileLayout(int width, int height) {
        this.width = width;
        this.height = height;
        this.margin = even(Math.max(2, width / 48));
        int selfWidth = even(width / 4);
        int selfHeight = even(height / 4);
        this.selfView = new Rect(width - selfWidth - margin, height - selfHeight - margin, selfWidth, selfHeight);
    }

    int margin() {
        return margin;
    }

    Rect selfView() {
        return selfView;
    }

    /** The row of small tiles: from the left margin to a margin before the self-view, as tall as it. */
    Rect filmstripRow() {
        return new Rect(margin, selfView.y(), selfView.x() - 2 * margin, selfView.height());
    }

    /** Above the filmstrip row, a margin from every edge and from the row. */
    Rect mainArea() {
        return new Rect(margin, margin, width - 2 * margin, selfView.y() - 2 * margin);
    }

    /**
     * Where count tiles go: index 0 is the speaker, a 16:9 rectangle as large as fits the main
     * area, centred; the others are equal 16:9 tiles left to right in the filmstrip row, bottom-aligned.
     */
    List<Rect> arrange(int count) {
        List<Rect> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        out.add(fit(mainArea()));
        int small = count - 1;
        if (small == 0) {
            return out;
        }
        Rect row = filmstripRow();
        int gap = even(Math.max(2, margin / 2));
        int tileWidth = even(Math.min(row.height() * 16 / 9, (row.width() - (small - 1) * gap) / small));
        int tileHeight = even(tileWidth * 9 / 16);
        for (int i = 0; i < small; i++) {
            out.add(new Rect(row.x() + i * (tileWidth + gap), row.bottom() - tileHeight, tileWidth, tileHeight));
        }
        return out;
    }

    /**
     * The caption's bottom padding: its last line sits two name lines above the speaker tile's
     * lower edge (clear of the speaker's name), so always above the filmstrip row.
     */
    int captionBottomPadding(int nameFontPx) {
        return height - fit(mainArea()).bottom() + 2 * nameFontPx;
    }

    private static Rect fit(Rect area) {
        int w = even(area.width());
        int h = even(w * 9 / 16);
        if (h > area.height()) {
            h = even(area.height());
            w = even(h * 16 / 9);
        }
        return new Rect(area.x() + even((area.width() - w) / 2), area.y() + even((area.height() - h) / 2), w, h);
    }

    static int even(int value) {
        return value & ~1;
    }
}

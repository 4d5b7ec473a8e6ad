package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;
import java.util.List;

/**
 * The display pipeline's description: compositor inputs (background, self-view, the fixed remote
 * tile slots) and the text overlays chained after it. Element names used by {@link DisplayPipeline}:
 * {@code mix} (pads {@code sink_0} background, {@code sink_1} self-view, {@code sink_2+i} tile slot i),
 * {@code tilecaps<i>}, {@code name<i>}, {@code caption}, {@code selfnotice}, {@code status}, {@code statuscorner},
 * {@code snapshotvalve}, {@code snapshot}.
 */
final class DisplayLayout {

    private static final int FRAMES_PER_SECOND = 30;
    /** Above every tile slot (zorder 1..9). */
    private static final int SELF_VIEW_ZORDER = 20;
    private static final int FIRST_TILE_PAD = 2;
    /** The compositor pad of the self-view. */
    static final String SELF_VIEW_PAD = "sink_1";

    private DisplayLayout() {}

    static String tilePad(int slot) {
        return "sink_" + (FIRST_TILE_PAD + slot);
    }

    /** The capsfilter that fixes the size of tile slot {@code slot}'s video before the compositor. */
    static String tileCaps(int slot) {
        return "tilecaps" + slot;
    }

    static String nameOverlay(int slot) {
        return "name" + slot;
    }

    /** Pixel size of the tile names and the self-view notice. */
    static int smallFontPx(DisplayConfig c) {
        return Math.max(8, c.height() / 40);
    }

    static int captionFontPx(DisplayConfig c) {
        return Math.max(10, c.height() / 28);
    }

    /**
     * The size of a tile slot's video until the slot is first shown: then it becomes the size of
     * the slot's place ({@link TileSlots}), so the compositor only copies it.
     */
    static int tileInputWidth(DisplayConfig c) {
        return TileLayout.even(c.width() / 2);
    }

    static int tileInputHeight(DisplayConfig c) {
        return TileLayout.even(c.height() / 2);
    }

    static String describe(DisplayConfig c, ElementChoice videoSink, List<String> tileChannels) {
        TileLayout layout = new TileLayout(c.width(), c.height());
        TileLayout.Rect self = layout.selfView();
        int statusFont = Math.max(8, c.height() / 18);
        int cornerFont = Math.max(8, c.height() / 36);
        int clockFont = Math.max(6, c.height() / 45);
        // I420 end to end: the compositor blends planar 4:2:0 about three times cheaper than its
        // default AYUV, and textoverlay, clockoverlay and jpegenc all take it as it is.
        String size = "format=I420,width=" + c.width() + ",height=" + c.height() + ",framerate=" + FRAMES_PER_SECOND + "/1";
        String selfViewSource = c.selfViewChannel()
                .map(channel -> "intervideosrc name=selfview channel=" + channel)
                .orElse("videotestsrc name=selfview is-live=true pattern=ball");
        StringBuilder d = new StringBuilder("compositor name=mix background=black zero-size-is-unscaled=false")
                .append(" sink_0::zorder=0 sink_1::zorder=").append(SELF_VIEW_ZORDER)
                .append(" sink_1::xpos=").append(self.x()).append(" sink_1::ypos=").append(self.y())
                .append(" sink_1::width=").append(self.width()).append(" sink_1::height=").append(self.height());
        for (int i = 0; i < tileChannels.size(); i++) {
            String pad = tilePad(i);
            d.append(' ').append(pad).append("::zorder=").append(1 + i)
                    .append(' ').append(pad).append("::alpha=0 ").append(pad).append("::width=0 ")
                    .append(pad).append("::height=0");
        }
        d.append(" ! capsfilter caps=\"video/x-raw,").append(size).append('"');
        for (int i = 0; i < tileChannels.size(); i++) {
            d.append(" ! textoverlay name=").append(nameOverlay(i))
                    .append(" halignment=position valignment=position auto-resize=false shaded-background=true")
                    .append(" wrap-mode=none font-desc=\"Sans ").append(smallFontPx(c)).append("px\"");
        }
        d.append(" ! textoverlay name=caption halignment=center valignment=bottom line-alignment=center")
                .append(" auto-resize=false shaded-background=true ypad=").append(layout.captionBottomPadding(smallFontPx(c)))
                .append(" font-desc=\"Sans ").append(captionFontPx(c)).append("px\"")
                .append(" ! textoverlay name=selfnotice halignment=position valignment=position auto-resize=false")
                .append(" shaded-background=true wrap-mode=none font-desc=\"Sans ").append(smallFontPx(c)).append("px\"")
                .append(" xpos=").append((self.x() + self.width() / 2.0) / c.width())
                .append(" ypos=").append((self.y() + self.height() / 2.0) / c.height())
                .append(" ! textoverlay name=status valignment=center halignment=center line-alignment=center")
                .append(" font-desc=\"Sans Bold ").append(statusFont).append("px\"")
                .append(" ! textoverlay name=statuscorner valignment=top halignment=left line-alignment=left")
                .append(" auto-resize=false xpad=").append(layout.margin()).append(" ypad=").append(layout.margin())
                .append(" font-desc=\"Sans Bold ").append(cornerFont).append("px\"")
                .append(" ! clockoverlay name=clock halignment=right valignment=top time-format=\"%H:%M\"")
                .append(" font-desc=\"Sans ").append(clockFont).append("px\"")
                .append(" ! tee name=screentee")
                .append(" screentee. ! queue leaky=downstream max-size-buffers=2 ! videoconvert ! ")
                .append(videoSink.launchFragment("screen"))
                .append(" screentee. ! valve name=snapshotvalve drop=true")
                .append(" ! queue leaky=downstream max-size-buffers=2 ! videorate drop-only=true")
                .append(" ! capsfilter caps=\"video/x-raw,framerate=").append(c.snapshotFramesPerSecond()).append("/1\"")
                .append(" ! videoconvert ! jpegenc quality=80")
                .append(" ! appsink name=snapshot emit-signals=true max-buffers=1 drop=true sync=false async=false")
                .append(backgroundInput(c, size))
                .append(selfViewSource).append(" ! videoconvert ! videoscale")
                .append(" ! capsfilter caps=\"video/x-raw,format=I420,width=").append(self.width())
                .append(",height=").append(self.height()).append(",pixel-aspect-ratio=1/1\"")
                .append(" ! queue max-size-buffers=3 leaky=downstream ! mix.sink_1");
        for (int i = 0; i < tileChannels.size(); i++) {
            d.append(' ').append(tileBranch(c, tileChannels.get(i), i));
        }
        return d.toString();
    }

    /**
     * One tile slot. The first capsfilter lists the tile size first, so with no sender on the
     * channel intervideosrc negotiates it (1.22 gets there without it too, but only because of the
     * order videoscale lists its caps in) and its black frames pass videoconvert and videoscale
     * untouched; its second, open structure lets intervideosrc switch to a sender's size. The last
     * capsfilter ({@link #tileCaps}) holds the size of the slot's place on the screen: a sender
     * that scales to {@link DisplayPipeline#tileSize} passes videoscale untouched, any other size
     * is scaled here once (keeping the aspect ratio with borders), never again by the compositor.
     */
    private static String tileBranch(DisplayConfig c, String channel, int slot) {
        String tile = "video/x-raw,format=I420,width=" + tileInputWidth(c) + ",height=" + tileInputHeight(c)
                + ",pixel-aspect-ratio=1/1";
        return "intervideosrc name=tile" + slot + " channel=" + channel
                + " ! capsfilter caps=\"" + tile + ",framerate=" + FRAMES_PER_SECOND + "/1; video/x-raw\""
                + " ! videoconvert ! videoscale ! capsfilter name=" + tileCaps(slot) + " caps=\"" + tile + "\""
                + " ! queue max-size-buffers=3 leaky=downstream ! mix." + tilePad(slot);
    }

    /**
     * A solid-colour input behind everything, only for a colour other than black: the compositor
     * fills black by itself for free, while blending a full-frame input costs about a tenth of a
     * core at 1280×720@30 (measured with gst-launch-1.0 on the CI-kind machine, docs/benchmarks.md).
     */
    private static String backgroundInput(DisplayConfig c, String size) {
        if ((c.backgroundArgb() & 0xFFFFFF) == 0) {
            return " ";
        }
        return " videotestsrc name=background is-live=true pattern=solid-color foreground-color="
                + Integer.toUnsignedString(c.backgroundArgb())
                + " ! capsfilter caps=\"video/x-raw," + size + "\""
                + " ! queue max-size-buffers=3 leaky=downstream ! mix.sink_0 ";
    }
}

package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * What the HDMI output shows: a compositor over a dark background with the self-view in the
 * bottom-right corner and a fixed number of remote tile slots ({@link DisplayConfig#tileSlots()}),
 * each fed from its own intervideo channel ({@link #tileChannel(int)}, where a
 * {@link RemoteVideoPipeline} publishes). Text overlays after the compositor draw the tile names,
 * captions, a notice over the self-view, the room name and call state (centred, or small in the
 * top-left corner while tiles are shown) and the clock top-right; a tee feeds (a) the chosen video
 * sink and (b) a slow {@code valve → videorate → jpegenc → appsink} branch that keeps the latest
 * JPEG for the device page, the control API and the fleet console. That branch encodes only on
 * demand: for {@link #SNAPSHOT_DEMAND} after the last {@link #snapshotJpeg()} or
 * {@link #requestSnapshots()}; nobody looking costs no JPEG encoding.
 *
 * <p>Every change after construction (tiles, texts) only sets element and pad properties, also
 * while PLAYING; the pipeline is never rebuilt. Texts are plain: Pango markup is escaped.
 *
 * <p>Threads: the {@code show…} methods and the getters may be called from any thread (they
 * serialise on this object); the snapshot is taken on the JPEG branch's streaming thread;
 * {@link PipelineEvent}s arrive on the shared GStreamer bus thread. Owns its native pipeline;
 * {@link #close()} may be called twice.
 */
public final class DisplayPipeline implements AutoCloseable {

    /** The pipeline's name in its {@link PipelineEvent}s. */
    public static final String NAME = "display";
    /** Longest caption kept, in code points, before wrapping. */
    static final int MAX_CAPTION_CODE_POINTS = 600;
    static final int MAX_CAPTION_LINES = 3;
    /** How long the snapshot encoder keeps running after the last request. */
    public static final Duration SNAPSHOT_DEMAND = Duration.ofSeconds(5);
    /** Longest {@link #snapshotJpeg()} waits for a fresh JPEG when the encoder was idle. */
    public static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(2);
    private static final AtomicInteger NEXT_DISPLAY = new AtomicInteger();

    private final DisplayConfig config;
    private final List<String> tileChannels;
    private final LivePipeline pipeline;
    private final Element statusOverlay;
    private final Element statusCornerOverlay;
    private final Element captionOverlay;
    private final Element selfNoticeOverlay;
    private final Pad selfViewPad;
    private final TileSlots tiles;
    private final SnapshotTap snapshots;
    private String plainText = "";
    private String statusMarkupCentred = "";
    private String statusMarkupCorner = "";
    private List<TileView> shown = List.of();

    /** Builds (does not start) the display with the chosen video sink, an empty status and no tiles shown. */
    public DisplayPipeline(DisplayConfig config, ElementChoice videoSink) {
        this(config, videoSink, Clock.systemUTC());
    }

    /** As {@link #DisplayPipeline(DisplayConfig, ElementChoice)}; {@code clock} times the snapshot demand. */
    public DisplayPipeline(DisplayConfig config, ElementChoice videoSink, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        String prefix = "salle-display-" + NEXT_DISPLAY.getAndIncrement() + "-tile-";
        this.tileChannels = IntStream.range(0, config.tileSlots()).mapToObj(slot -> prefix + slot).toList();
        this.pipeline = new LivePipeline(NAME,
                DisplayLayout.describe(config, Objects.requireNonNull(videoSink, "videoSink"), tileChannels));
        this.statusOverlay = pipeline.element("status");
        this.statusCornerOverlay = pipeline.element("statuscorner");
        this.captionOverlay = pipeline.element("caption");
        this.selfNoticeOverlay = pipeline.element("selfnotice");
        this.selfViewPad = pipeline.element("mix").getStaticPad(DisplayLayout.SELF_VIEW_PAD);
        this.tiles = new TileSlots(pipeline, config);
        this.snapshots = new SnapshotTap((AppSink) pipeline.element("snapshot"), pipeline.element("snapshotvalve"),
                Objects.requireNonNull(clock, "clock"), SNAPSHOT_DEMAND);
    }

    public void addListener(Consumer<PipelineEvent> listener) {
        pipeline.addListener(listener);
    }

    public void start() {
        pipeline.play();
    }

    /**
     * The intervideo channel of tile slot {@code slot}: give it to the {@link RemoteVideoPipeline}
     * whose video the slot shows. Fixed for the life of this pipeline and unique in the process;
     * lower-case letters, digits and '-'.
     *
     * @throws IllegalArgumentException unless 0 ≤ slot < {@link DisplayConfig#tileSlots()}
     */
    public String tileChannel(int slot) {
        requireSlot(slot);
        return tileChannels.get(slot);
    }

    /** Number of tile slots, {@link DisplayConfig#tileSlots()}. */
    public int tileSlots() {
        return tileChannels.size();
    }

    /**
     * Shows these remote tiles and hides every other slot. The speaker (the first with
     * {@code speaker=true}, else the first) fills the main area; the others go in list order into
     * the filmstrip row along the bottom, left of the self-view. Each tile's name is drawn at its
     * lower edge (cut to fit). An empty list hides all tiles and centres the status again; while
     * tiles are shown the status is small in the top-left corner.
     *
     * @throws IllegalArgumentException naming the slot when a slot is outside this display's
     *                                  slots or appears twice; nothing changes then
     */
    public synchronized void showTiles(List<TileView> tileViews) {
        Objects.requireNonNull(tileViews, "tileViews");
        List<TileView> copy = new ArrayList<>(tileViews.size());
        Set<Integer> slots = new HashSet<>();
        for (TileView view : tileViews) {
            Objects.requireNonNull(view, "tile view in " + tileViews);
            requireSlot(view.slot());
            if (!slots.add(view.slot())) {
                throw new IllegalArgumentException("tile slot " + view.slot() + " appears twice in " + tileViews
                        + "; give each participant its own slot");
            }
            copy.add(view);
        }
        tiles.show(copy);
        shown = List.copyOf(copy);
        renderStatus();
    }

    /**
     * The size tile slot {@code slot}'s video is drawn at now: the size of its place while shown, its
     * last one while hidden (before it is first shown, half the screen each way). A
     * {@link RemoteVideoPipeline} that scales to it ({@link RemoteVideoPipeline#setTileSize}) makes
     * the only scaling step; any other size is scaled once in the slot's own branch. Changes with
     * every {@link #showTiles} that moves the slot.
     */
    public synchronized TileSize tileSize(int slot) {
        requireSlot(slot);
        return tiles.size(slot);
    }

    /** The tiles shown now, as last passed to {@link #showTiles} (names as cut by {@link TileView}). */
    public synchronized List<TileView> shownTiles() {
        return shown;
    }

    /**
     * What each slot's name overlay draws now, read from the element's {@code text} property, as
     * plain text; "" for a hidden slot. Keys are all slots in order.
     */
    public synchronized Map<Integer, String> tileNameTexts() {
        return tiles.nameTexts();
    }

    /**
     * Shows the room name above the call state: big and centred with no tiles, small in the
     * top-left corner while tiles are shown. Plain text: characters that Pango markup would
     * interpret are escaped.
     */
    public synchronized void showStatus(String roomName, String stateText) {
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(stateText, "stateText");
        int small = Math.max(6, config.height() / 30);
        int cornerSmall = Math.max(6, config.height() / 48);
        statusMarkupCentred = PangoText.escape(roomName) + "\n<span font_desc=\"Sans " + small + "px\">"
                + PangoText.escape(stateText) + "</span>";
        statusMarkupCorner = PangoText.escape(roomName) + "\n<span font_desc=\"Sans " + cornerSmall + "px\">"
                + PangoText.escape(stateText) + "</span>";
        plainText = roomName + "\n" + stateText;
        renderStatus();
    }

    /** The text the status overlay draws now, as plain text: the room name, a line break, the state. */
    public synchronized String overlayText() {
        return plainText;
    }

    /** The {@code text} property of the status overlay in use now (centred or corner), as GStreamer holds it (Pango markup). */
    synchronized String overlayMarkup() {
        return textOf(shown.isEmpty() ? statusOverlay : statusCornerOverlay);
    }

    /** The centred status overlay's {@code text} property now. */
    String centredStatusMarkup() {
        return textOf(statusOverlay);
    }

    /** The corner status overlay's {@code text} property now. */
    String cornerStatusMarkup() {
        return textOf(statusCornerOverlay);
    }

    /**
     * Shows captions (subtitles) bottom-centre above the filmstrip on a shaded background: plain
     * text, word-wrapped, the last {@value #MAX_CAPTION_LINES} lines kept. An empty string hides them.
     */
    public synchronized void showCaption(String text) {
        Objects.requireNonNull(text, "text");
        int font = DisplayLayout.captionFontPx(config);
        int lineChars = Math.max(8, (int) (config.width() * 0.8 / (font * 0.55)));
        String plain = OverlayText.wrap(OverlayText.cut(text, MAX_CAPTION_CODE_POINTS), lineChars, MAX_CAPTION_LINES);
        captionOverlay.set("text", PangoText.escape(plain));
    }

    /** What the caption overlay's {@code text} property holds now, as plain text ("" when hidden). */
    public String captionText() {
        return OverlayText.unescape(textOf(captionOverlay));
    }

    /**
     * Draws a short notice (e.g. "Camera off") over the self-view corner, plain text cut to
     * {@value TileView#MAX_NAME_CODE_POINTS} code points; an empty string hides it.
     */
    public synchronized void showSelfViewNotice(String text) {
        Objects.requireNonNull(text, "text");
        selfNoticeOverlay.set("text", PangoText.escape(OverlayText.singleLine(text, TileView.MAX_NAME_CODE_POINTS)));
    }

    /** The self-view notice overlay's {@code text} property now, as plain text. */
    public String selfViewNoticeText() {
        return OverlayText.unescape(textOf(selfNoticeOverlay));
    }

    /**
     * Hides the self-view's picture (its corner turns black, the notice stays readable on it) or
     * shows it again. Used when the room's camera is off, so the screen never shows a picture the
     * meeting does not get.
     */
    public synchronized void setSelfViewHidden(boolean hidden) {
        selfViewPad.set("alpha", hidden ? 0.0 : 1.0);
    }

    /** Whether the self-view's picture is hidden now, read from the compositor pad. */
    public synchronized boolean selfViewHidden() {
        return ((Number) selfViewPad.get("alpha")).doubleValue() == 0.0;
    }

    /** Tile slot internals for tests: the compositor pads as they are now. */
    TileSlots tileSlotsForTest() {
        return tiles;
    }

    /**
     * A fresh JPEG of the whole screen: asks for snapshots (the encoder runs for
     * {@link #SNAPSHOT_DEMAND} from now) and returns the latest when the encoder was running
     * already, else waits for the first one encoded after this call, at most {@link #SNAPSHOT_WAIT}.
     * When none comes in time (the pipeline is not playing), the latest there is, or empty. A copy.
     * Blocks the calling thread; never call it on a streaming thread.
     */
    public Optional<byte[]> snapshotJpeg() {
        try {
            return snapshots.fresh(SNAPSHOT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return snapshots.latest();
        }
    }

    /** Asks for snapshots without waiting: the encoder runs for {@link #SNAPSHOT_DEMAND} from now. */
    public void requestSnapshots() {
        snapshots.request();
    }

    /** The latest JPEG encoded, however old (no request), empty until the first one. A copy. */
    public Optional<byte[]> latestSnapshotJpeg() {
        return snapshots.latest();
    }

    /** JPEG snapshots encoded so far. */
    public long snapshotCount() {
        return snapshots.count();
    }

    /** Whether the snapshot encoder runs now (a request within {@link #SNAPSHOT_DEMAND}, give or take a frame). */
    public boolean snapshotsRunning() {
        return snapshots.running();
    }

    public int width() {
        return config.width();
    }

    public int height() {
        return config.height();
    }

    @Override
    public void close() {
        pipeline.close();
    }

    private void renderStatus() {
        boolean corner = !shown.isEmpty();
        statusOverlay.set("text", corner ? "" : statusMarkupCentred);
        statusCornerOverlay.set("text", corner ? statusMarkupCorner : "");
    }

    private void requireSlot(int slot) {
        if (slot < 0 || slot >= tileChannels.size()) {
            throw new IllegalArgumentException("tile slot is " + slot + "; this display has "
                    + tileChannels.size() + " slots, allowed 0.." + (tileChannels.size() - 1));
        }
    }

    private static String textOf(Element overlay) {
        Object text = overlay.get("text");
        return text == null ? "" : text.toString();
    }
}

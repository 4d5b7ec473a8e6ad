package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * What the HDMI output shows: a compositor over a dark background with the self-view in the
 * bottom-right corner, the room name and call state centred ({@code textoverlay}) and the clock
 * top-right ({@code clockoverlay}); a tee feeds (a) the chosen video sink and (b) a slow
 * {@code videorate → jpegenc → appsink} branch that keeps the latest JPEG for the fleet console.
 *
 * <p>Threads: {@link #showStatus} and the getters may be called from any thread; the snapshot is
 * taken on the JPEG branch's streaming thread; {@link PipelineEvent}s arrive on the shared
 * GStreamer bus thread. Owns its native pipeline; {@link #close()} may be called twice.
 */
public final class DisplayPipeline implements AutoCloseable {

    static final String NAME = "display";

    private final DisplayConfig config;
    private String plainText = "";
    private final LivePipeline pipeline;
    private final Element statusOverlay;
    private final SnapshotTap snapshots;

    /** Builds (does not start) the display with the chosen video sink and an empty status. */
    public DisplayPipeline(DisplayConfig config, ElementChoice videoSink) {
        this.config = Objects.requireNonNull(config, "config");
        this.pipeline = new LivePipeline(NAME, DisplayLayout.describe(config, Objects.requireNonNull(videoSink, "videoSink")));
        this.statusOverlay = pipeline.element("status");
        this.snapshots = new SnapshotTap((AppSink) pipeline.element("snapshot"));
    }

    public void addListener(Consumer<PipelineEvent> listener) {
        pipeline.addListener(listener);
    }

    public void start() {
        pipeline.play();
    }

    /**
     * Shows the room name, big and centred, above the call state in a smaller face. Plain text:
     * characters that Pango markup would interpret are escaped.
     */
    public synchronized void showStatus(String roomName, String stateText) {
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(stateText, "stateText");
        int small = Math.max(6, config.height() / 30);
        statusOverlay.set("text", PangoText.escape(roomName) + "\n<span font_desc=\"Sans " + small + "px\">"
                + PangoText.escape(stateText) + "</span>");
        plainText = roomName + "\n" + stateText;
    }

    /** The text the status overlay draws now, as plain text: the room name, a line break, the state. */
    public synchronized String overlayText() {
        return plainText;
    }

    /** The textoverlay's {@code text} property as GStreamer holds it now (Pango markup). */
    String overlayMarkup() {
        Object text = statusOverlay.get("text");
        return text == null ? "" : text.toString();
    }

    /** The latest JPEG of the whole screen, empty until the first one is encoded. A copy. */
    public Optional<byte[]> latestSnapshotJpeg() {
        return snapshots.latest();
    }

    /** JPEG snapshots encoded so far. */
    public long snapshotCount() {
        return snapshots.count();
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
}

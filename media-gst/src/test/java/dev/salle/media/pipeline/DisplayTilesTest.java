package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.media.elements.ElementChoice;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remote tiles, names, captions and notices on a real display pipeline, changed while PLAYING. */
class DisplayTilesTest {

    private static final ElementChoice HEADLESS_SINK = new ElementChoice("appsink", "test",
            Map.of("sync", "false", "max-buffers", "1", "drop", "true"));
    private static final long WAIT_MILLIS = 20_000;
    private static final int CONFIGURED_BACKGROUND_RGB = DisplayConfig.DEFAULT_BACKGROUND_ARGB & 0xFFFFFF;

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("compositor", "textoverlay", "clockoverlay", "videotestsrc", "intervideosrc",
                "videorate", "jpegenc", "appsink");
    }

    @Test
    void remoteVideoOnTileChannelZeroFillsTheMainTileWithItsNameAndLeavesWhenHidden() throws Exception {
        GstTestSupport.requireElements("x264enc", "h264parse", "rtph264pay", "appsrc", "rtpjitterbuffer",
                "rtph264depay", "avdec_h264", "intervideosink");
        DisplayConfig config = DisplayConfig.of(640, 360, Optional.empty());
        TileLayout.Rect main = new TileLayout(640, 360).arrange(1).get(0);
        ElementChoice colourBars = new ElementChoice("videotestsrc", "test", Map.of("is-live", "true", "pattern", "smpte"));
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();

        try (DisplayPipeline display = new DisplayPipeline(config, HEADLESS_SINK);
                RemoteVideoPipeline remote = new RemoteVideoPipeline("H264", 96, ElementChoice.of("avdec_h264", "test"),
                        display.tileChannel(0), 256, 144);
                VideoSendPipeline camera = new VideoSendPipeline(VideoSendConfig.of(320, 180, 30, "tile-test-selfview"),
                        colourBars, GstTestSupport.x264(30), p -> remote.push(p, 0, p.length))) {
            display.addListener(events::add);
            display.start();
            remote.start();
            camera.start();
            // The first frames can be the compositor's black before the background source arrives.
            BufferedImage before = SnapshotImages.awaitNewSnapshot(display, image -> SnapshotImages.meanDistanceFrom(
                    image.getSubimage(0, 170, 4, 20), CONFIGURED_BACKGROUND_RGB) < 24, WAIT_MILLIS);
            // The background as rendered (I420 and JPEG shift the configured colour a little), left of every tile.
            int background = before.getRGB(2, 180);

            display.showTiles(List.of(new TileView(0, "Alice", true)));
            remote.setTileSize(display.tileSize(0));
            BufferedImage shown = SnapshotImages.awaitNewSnapshot(display,
                    image -> SnapshotImages.lumaStandardDeviation(SnapshotImages.inner(image, main, 0.1)) > 30, WAIT_MILLIS);
            Optional<TileSize> sent = awaitNegotiated(remote, size(main));
            Optional<TileSize> composited = display.tileSlotsForTest().negotiatedSize(0);
            Map<Integer, String> names = display.tileNameTexts();
            TileLayout.Rect padNow = display.tileSlotsForTest().padRect(0);
            double hiddenAlpha = display.tileSlotsForTest().padAlpha(1);

            display.showTiles(List.of());
            BufferedImage hidden = SnapshotImages.awaitNewSnapshot(display,
                    image -> SnapshotImages.meanDistanceFrom(SnapshotImages.inner(image, main, 0.1), background) < 8,
                    WAIT_MILLIS);

            assertThat(remote.framesDecoded()).as("frames decoded into the tile channel").isPositive();
            assertThat(SnapshotImages.meanDistanceFrom(SnapshotImages.inner(before, main, 0.1), background))
                    .as("main area is background before any tile is shown").isLessThan(8);
            assertThat(SnapshotImages.meanDistanceFrom(SnapshotImages.inner(shown, main, 0.1), background))
                    .as("main area differs from the background while Alice is shown").isGreaterThan(40);
            assertThat(SnapshotImages.lumaStandardDeviation(SnapshotImages.inner(shown, main, 0.1)))
                    .as("colour bars in the main tile").isGreaterThan(30);
            assertThat(SnapshotImages.meanDistanceFrom(SnapshotImages.inner(hidden, main, 0.1), background))
                    .as("background again once the tile is hidden").isLessThan(8);
            assertThat(names).containsEntry(0, "Alice").containsEntry(1, "");
            assertThat(padNow).isEqualTo(main);
            assertThat(sent).as("the decoder's branch scales to the place's size").contains(size(main));
            assertThat(composited).as("the compositor gets the place's size: it copies, never scales").contains(size(main));
            assertThat(hiddenAlpha).isZero();
            assertThat(display.tileNameTexts()).containsEntry(0, "");
            assertThat(display.shownTiles()).isEmpty();
        }
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void eachShownSlotsVideoIsFixedToTheSizeOfItsPlaceAndFollowsTheSpeaker() {
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            List<TileLayout.Rect> places = new TileLayout(640, 360).arrange(2);
            TileSize before = display.tileSize(1);

            display.showTiles(List.of(new TileView(0, "Alice", true), new TileView(1, "Bob", false)));
            TileSize aliceMain = display.tileSize(0);
            TileSize bobSmall = display.tileSize(1);
            TileSize aliceFilter = display.tileSlotsForTest().sizeFilterNow(0);
            display.showTiles(List.of(new TileView(0, "Alice", false), new TileView(1, "Bob", true)));
            TileSize aliceSmall = display.tileSize(0);
            TileSize bobMain = display.tileSize(1);
            TileSize bobFilter = display.tileSlotsForTest().sizeFilterNow(1);
            TileSize bobDrawn = size(display.tileSlotsForTest().padRect(1));
            display.showTiles(List.of(new TileView(0, "Alice", true)));

            assertThat(before).as("before it is shown: half the screen").isEqualTo(new TileSize(320, 180));
            assertThat(aliceMain).isEqualTo(size(places.get(0)));
            assertThat(bobSmall).isEqualTo(size(places.get(1)));
            assertThat(aliceFilter).as("the capsfilter asks for the place's size").isEqualTo(aliceMain);
            assertThat(aliceSmall).isEqualTo(size(places.get(1)));
            assertThat(bobMain).isEqualTo(size(places.get(0)));
            assertThat(bobFilter).isEqualTo(bobMain);
            assertThat(bobDrawn).as("the compositor pad draws it at that size").isEqualTo(bobMain);
            assertThat(display.tileSize(1)).as("hidden: keeps its last size").isEqualTo(bobMain);
            assertThat(display.tileSlotsForTest().sizeFilterNow(1)).isEqualTo(bobMain);
            assertThat(display.tileSize(0)).isEqualTo(size(places.get(0)));
        }
    }

    private static TileSize size(TileLayout.Rect r) {
        return new TileSize(r.width(), r.height());
    }

    @Test
    void speakerTakesTheMainAreaAndOthersTheFilmstripInListOrder() {
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            List<TileView> views = List.of(new TileView(3, "Bob", false), new TileView(1, "Carol", true),
                    new TileView(0, "Dan", false));
            List<TileLayout.Rect> places = new TileLayout(640, 360).arrange(3);

            display.showTiles(views);

            TileSlots slots = display.tileSlotsForTest();
            assertThat(slots.padRect(1)).as("the speaker").isEqualTo(places.get(0));
            assertThat(slots.padRect(3)).as("first in the filmstrip").isEqualTo(places.get(1));
            assertThat(slots.padRect(0)).as("second in the filmstrip").isEqualTo(places.get(2));
            assertThat(slots.padAlpha(1)).isEqualTo(1.0);
            assertThat(slots.padAlpha(2)).isZero();
            assertThat(slots.padRect(2).width()).isZero();
            assertThat(display.tileNameTexts()).containsEntry(0, "Dan").containsEntry(1, "Carol")
                    .containsEntry(2, "").containsEntry(3, "Bob").containsEntry(4, "");
            assertThat(display.shownTiles()).isEqualTo(views);
        }
    }

    private static Optional<TileSize> awaitNegotiated(RemoteVideoPipeline remote, TileSize wanted)
            throws InterruptedException {
        for (int i = 0; i < 100 && !remote.negotiatedTileSize().equals(Optional.of(wanted)); i++) {
            Thread.sleep(100);
        }
        return remote.negotiatedTileSize();
    }

    @Test
    void hostileNamesAreEscapedCutAndTheDisplayKeepsRunning() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        String markup = "<span size=\"999999\">Eve</span>";
        String huge = "W".repeat(10_000);

        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            display.addListener(events::add);
            display.start();
            SnapshotImages.awaitNewSnapshot(display, image -> true, WAIT_MILLIS);

            display.showTiles(List.of(new TileView(0, markup, true), new TileView(1, huge, false),
                    new TileView(2, "&amp; \u0000<b>", false)));
            SnapshotImages.awaitNewSnapshot(display, image -> true, WAIT_MILLIS);
            long snapshots = display.snapshotCount();
            SnapshotImages.awaitNewSnapshot(display, image -> true, WAIT_MILLIS);

            Map<Integer, String> names = display.tileNameTexts();
            assertThat(names.get(0)).isEqualTo(markup);
            assertThat(names.get(1)).startsWith("WWW").endsWith(OverlayText.ELLIPSIS)
                    .hasSizeLessThanOrEqualTo(TileView.MAX_NAME_CODE_POINTS);
            assertThat(names.get(2)).isEqualTo("&amp;  <b>");
            assertThat(display.tileSlotsForTest().nameMarkup(0)).startsWith("&lt;span size=&quot;999999&quot;&gt;").doesNotContain("<");
            assertThat(display.snapshotCount()).as("snapshots keep coming").isGreaterThan(snapshots);
        }
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void invalidOrDuplicateSlotsAreRefusedNamingTheSlotAndChangeNothing() {
        try (DisplayPipeline display = new DisplayPipeline(
                DisplayConfig.of(320, 180, Optional.empty()).withTileSlots(2), HEADLESS_SINK)) {
            display.showTiles(List.of(new TileView(0, "Ada", true)));

            assertThatThrownBy(() -> display.showTiles(List.of(new TileView(2, "Bob", true))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tile slot is 2; this display has 2 slots, allowed 0..1");
            assertThatThrownBy(() -> display.showTiles(List.of(new TileView(1, "Bob", true), new TileView(1, "Eve", false))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tile slot 1 appears twice");
            assertThatThrownBy(() -> display.tileChannel(2)).hasMessageContaining("tile slot is 2");
            assertThat(display.shownTiles()).containsExactly(new TileView(0, "Ada", true));
            assertThat(display.tileNameTexts()).containsEntry(0, "Ada").containsEntry(1, "");
        }
    }

    @Test
    void tileChannelsAreFixedUniqueAndAcceptedByRemoteVideo() {
        try (DisplayPipeline a = new DisplayPipeline(DisplayConfig.of(320, 180, Optional.empty()), HEADLESS_SINK);
                DisplayPipeline b = new DisplayPipeline(DisplayConfig.of(320, 180, Optional.empty()), HEADLESS_SINK)) {
            assertThat(a.tileSlots()).isEqualTo(5);
            assertThat(a.tileChannel(4)).isEqualTo(a.tileChannel(4)).matches("[a-z0-9-]{1,64}");
            assertThat(List.of(a.tileChannel(0), a.tileChannel(1), b.tileChannel(0), b.tileChannel(1)))
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void statusMovesToTheCornerWhileTilesAreShownAndBackWhenTheyGo() {
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            display.showStatus("Salle Hopper", "In call");
            String centredAlone = display.centredStatusMarkup();

            display.showTiles(List.of(new TileView(0, "Ada", true)));
            display.showStatus("Salle Hopper", "Reconnecting\u2026");
            String centredWithTiles = display.centredStatusMarkup();
            String cornerWithTiles = display.cornerStatusMarkup();
            String plainWithTiles = display.overlayText();

            display.showTiles(List.of());

            assertThat(centredAlone).startsWith("Salle Hopper\n<span").contains(">In call</span>");
            assertThat(centredWithTiles).isEmpty();
            assertThat(cornerWithTiles).startsWith("Salle Hopper\n<span").contains(">Reconnecting\u2026</span>");
            assertThat(plainWithTiles).isEqualTo("Salle Hopper\nReconnecting\u2026");
            assertThat(display.cornerStatusMarkup()).isEmpty();
            assertThat(display.centredStatusMarkup()).contains(">Reconnecting\u2026</span>");
        }
    }

    @Test
    void captionsAreSetEscapedWrappedAndClearedOnTheElement() {
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            display.showCaption("Bob: <b>ship</b> it & go");
            String shortCaption = display.captionText();
            display.showCaption("word ".repeat(400));
            String longCaption = display.captionText();
            display.showCaption("");

            assertThat(shortCaption).isEqualTo("Bob: <b>ship</b> it & go");
            assertThat(longCaption.split("\n")).hasSize(DisplayPipeline.MAX_CAPTION_LINES)
                    .allSatisfy(line -> assertThat(line).startsWith("word").hasSizeLessThan(120));
            assertThat(display.captionText()).isEmpty();
        }
    }

    @Test
    void selfViewNoticeIsSetAndCleared() {
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            display.showSelfViewNotice("Camera off <muted>");
            String on = display.selfViewNoticeText();
            display.showSelfViewNotice("");

            assertThat(on).isEqualTo("Camera off <muted>");
            assertThat(display.selfViewNoticeText()).isEmpty();
        }
    }

    @Test
    void hiddenSelfViewLeavesItsCornerBlackInTheSnapshot() throws Exception {
        // with no camera channel the self-view is videotestsrc's white ball moving on black
        TileLayout.Rect self = new TileLayout(640, 360).selfView();
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            display.start();
            boolean hiddenAtFirst = display.selfViewHidden();
            BufferedImage shown = SnapshotImages.awaitNewSnapshot(display,
                    image -> SnapshotImages.lumaStandardDeviation(SnapshotImages.inner(image, self, 0.05)) > 20, WAIT_MILLIS);
            display.setSelfViewHidden(true);
            boolean hiddenAfter = display.selfViewHidden();
            // the screen's black as rendered (I420 and JPEG lift it a little), read left of the self-view
            BufferedImage hidden = SnapshotImages.awaitNewSnapshot(display, image -> SnapshotImages.meanDistanceFrom(
                    SnapshotImages.inner(image, self, 0.05), image.getRGB(2, self.y() + 2)) < 6, WAIT_MILLIS);
            display.setSelfViewHidden(false);

            assertThat(hiddenAtFirst).isFalse();
            assertThat(SnapshotImages.lumaStandardDeviation(SnapshotImages.inner(shown, self, 0.05)))
                    .as("the ball is drawn in the self-view corner").isGreaterThan(20);
            assertThat(hiddenAfter).isTrue();
            assertThat(SnapshotImages.meanDistanceFrom(SnapshotImages.inner(hidden, self, 0.05), hidden.getRGB(2, self.y() + 2)))
                    .as("the corner is as black as the rest of the screen while hidden").isLessThan(6);
            assertThat(SnapshotImages.meanDistanceFrom(hidden.getSubimage(0, self.y(), 8, 8), 0x000000))
                    .as("the screen around it is black").isLessThan(24);
            assertThat(display.selfViewHidden()).isFalse();
        }
    }
}

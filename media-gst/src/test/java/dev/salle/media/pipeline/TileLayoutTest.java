package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.media.pipeline.TileLayout.Rect;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tile arithmetic alone: no GStreamer. */
class TileLayoutTest {

    @ParameterizedTest(name = "{0}x{1}, {2} tiles")
    @CsvSource({"1920,1080,1", "1920,1080,2", "1920,1080,5", "640,360,1", "640,360,2", "640,360,5", "1280,720,9",
            "160,120,9"})
    void speakerFillsTheMainAreaOthersShareTheFilmstripAndNothingCoversTheSelfView(int width, int height, int count) {
        TileLayout layout = new TileLayout(width, height);

        List<Rect> tiles = layout.arrange(count);

        assertThat(tiles).hasSize(count);
        Rect self = layout.selfView();
        Rect speaker = tiles.get(0);
        assertThat(speaker.width() * speaker.height()).as("speaker covers most of the main area")
                .isGreaterThanOrEqualTo(layout.mainArea().width() * layout.mainArea().height() / 2);
        assertThat(speaker.bottom()).as("speaker above the filmstrip").isLessThanOrEqualTo(layout.filmstripRow().y());
        for (int i = 0; i < count; i++) {
            Rect r = tiles.get(i);
            assertThat(r.within(width, height)).as("tile %s %s in bounds", i, r).isTrue();
            assertThat(r.intersects(self)).as("tile %s %s clear of the self-view %s", i, r, self).isFalse();
            assertThat(r.width() % 2 + r.height() % 2 + r.x() % 2 + r.y() % 2).as("even for 4:2:0").isZero();
            assertThat(r.width()).isPositive();
            assertThat(r.height()).isPositive();
            for (int j = i + 1; j < count; j++) {
                assertThat(r.intersects(tiles.get(j))).as("tiles %s and %s overlap", i, j).isFalse();
            }
        }
        for (int i = 1; i < count; i++) {
            Rect small = tiles.get(i);
            assertThat(small.y()).as("in the filmstrip row").isGreaterThanOrEqualTo(layout.filmstripRow().y());
            assertThat(small.right()).as("left of the self-view").isLessThan(self.x());
            assertThat(small.width() * small.height()).isLessThan(speaker.width() * speaker.height());
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920,1080", "640,360"})
    void filmstripTilesRunLeftToRightFromTheMargin(int width, int height) {
        TileLayout layout = new TileLayout(width, height);

        List<Rect> tiles = layout.arrange(5);

        assertThat(tiles.get(1).x()).isEqualTo(layout.margin());
        for (int i = 2; i < tiles.size(); i++) {
            assertThat(tiles.get(i).x()).isGreaterThanOrEqualTo(tiles.get(i - 1).right());
            assertThat(tiles.get(i).bottom()).isEqualTo(tiles.get(1).bottom());
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920,1080", "640,360"})
    void aSingleSpeakerIsA16By9TileCentredInTheMainArea(int width, int height) {
        TileLayout layout = new TileLayout(width, height);

        Rect speaker = layout.arrange(1).get(0);

        assertThat(Math.abs(speaker.width() * 9 - speaker.height() * 16)).isLessThanOrEqualTo(32);
        Rect area = layout.mainArea();
        int leftGap = speaker.x() - area.x();
        int rightGap = area.right() - speaker.right();
        assertThat(Math.abs(leftGap - rightGap)).isLessThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920,1080", "640,360"})
    void noTilesArrangeNothingAndTheCaptionSitsAboveTheFilmstrip(int width, int height) {
        TileLayout layout = new TileLayout(width, height);

        assertThat(layout.arrange(0)).isEmpty();
        int nameFont = Math.max(8, height / 40);
        int captionBottom = height - layout.captionBottomPadding(nameFont);
        assertThat(captionBottom).as("above the filmstrip").isLessThan(layout.filmstripRow().y());
        assertThat(captionBottom).as("above the speaker's name").isLessThanOrEqualTo(layout.arrange(1).get(0).bottom() - nameFont);
    }
}

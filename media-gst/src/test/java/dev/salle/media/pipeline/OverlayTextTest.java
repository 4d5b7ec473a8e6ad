package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Plain-text shaping for the overlays and the tile view's checks: no GStreamer. */
class OverlayTextTest {

    @Test
    void unescapeUndoesPangoEscapingExactly() {
        String hostile = "<span size=\"999999\">R&D's &amp; <b>bold</b></span>";

        assertThat(OverlayText.unescape(PangoText.escape(hostile))).isEqualTo(hostile);
    }

    @Test
    void singleLineFlattensControlCharactersAndCutsWithAnEllipsis() {
        assertThat(OverlayText.singleLine(" Ada\nLovelace\t", 64)).isEqualTo("Ada Lovelace");
        assertThat(OverlayText.singleLine("abcdefgh", 5)).isEqualTo("abcd\u2026");
        assertThat(OverlayText.singleLine("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 2))
                .as("cuts between code points, never inside a surrogate pair").isEqualTo("\uD83D\uDE00\u2026");
    }

    @Test
    void wrapKeepsWordsOnLinesOfTheGivenWidthAndTheLastLines() {
        String wrapped = OverlayText.wrap("one two three four five six seven eight", 10, 2);

        assertThat(OverlayText.wrap("one two three four", 10, 3)).isEqualTo("one two\nthree four");
        assertThat(wrapped).isEqualTo("seven\neight");
        assertThat(OverlayText.wrap("averyveryverylongword", 8, 3)).isEqualTo("averyve\u2026");
        assertThat(OverlayText.wrap("", 8, 3)).isEmpty();
    }

    @Test
    void tileViewCutsHostileNamesAndRefusesBadSlots() {
        TileView huge = new TileView(0, "x".repeat(10_000), false);

        assertThat(huge.name().codePointCount(0, huge.name().length())).isEqualTo(TileView.MAX_NAME_CODE_POINTS);
        assertThat(new TileView(8, "Line\nbreak", true).name()).isEqualTo("Line break");
        assertThatThrownBy(() -> new TileView(-1, "Ada", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tile slot is -1").hasMessageContaining("0..8");
        assertThatThrownBy(() -> new TileView(9, "Ada", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tile slot is 9");
        assertThatThrownBy(() -> new TileView(0, null, false)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("slot 0");
    }

    @Test
    void displayConfigKeepsFiveTileSlotsByDefaultAndChecksTheRange() {
        assertThat(DisplayConfig.defaults().tileSlots()).isEqualTo(5);
        assertThat(DisplayConfig.of(640, 360, java.util.Optional.empty()).withTileSlots(9).tileSlots()).isEqualTo(9);
        assertThatThrownBy(() -> DisplayConfig.defaults().withTileSlots(10))
                .hasMessage("media.display.tileSlots is 10; allowed 0..9");
    }
}

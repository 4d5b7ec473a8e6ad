package dev.salle.media.pipeline;

import java.util.Objects;

/**
 * One remote participant shown on the display: which fixed tile slot carries their video (see
 * {@link DisplayPipeline#tileChannel(int)}), the name drawn on the tile, and whether they are the
 * speaker (the speaker fills the main area).
 *
 * <p>The name is plain text from outside (a LiveKit participant name): control characters become
 * spaces and it is cut to {@value #MAX_NAME_CODE_POINTS} code points, the last one an ellipsis, so
 * {@link #name()} is what may be drawn. Immutable.
 *
 * @param slot    tile slot, 0..{@value DisplayConfig#MAX_TILE_SLOTS} - 1 (the display checks its own count)
 * @param name    display name, plain text, not null
 * @param speaker true for the active speaker
 */
public record TileView(int slot, String name, boolean speaker) {

    public static final int MAX_NAME_CODE_POINTS = 64;

    public TileView {
        if (slot < 0 || slot >= DisplayConfig.MAX_TILE_SLOTS) {
            throw new IllegalArgumentException("tile slot is " + slot + "; allowed 0.."
                    + (DisplayConfig.MAX_TILE_SLOTS - 1));
        }
        Objects.requireNonNull(name, "name of the participant in tile slot " + slot);
        name = OverlayText.singleLine(name, MAX_NAME_CODE_POINTS);
    }
}

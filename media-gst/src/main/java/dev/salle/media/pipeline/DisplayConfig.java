package dev.salle.media.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * What the HDMI output shows and at what size.
 *
 * @param width               output width in pixels, even, 160..3840 (1920 on a device)
 * @param height              output height in pixels, even, 120..2160 (1080 on a device)
 * @param backgroundArgb      background colour as 0xAARRGGBB (black by default: the
 *                            compositor's own fill; another colour adds a full-frame input)
 * @param selfViewChannel     intervideosrc channel of the {@link VideoSendPipeline}'s self-view;
 *                            empty shows a test pattern in the self-view corner
 * @param snapshotFramesPerSecond JPEG snapshots per second, 1..10
 * @param tileSlots           remote video tile slots, 0..{@value #MAX_TILE_SLOTS} (default
 *                            {@value #DEFAULT_TILE_SLOTS}); each is a fixed compositor input
 */
public record DisplayConfig(int width, int height, int backgroundArgb, Optional<String> selfViewChannel,
        int snapshotFramesPerSecond, int tileSlots) {

    public static final int DEFAULT_BACKGROUND_ARGB = 0xFF000000;
    public static final int DEFAULT_TILE_SLOTS = 5;
    public static final int MAX_TILE_SLOTS = 9;

    public DisplayConfig {
        VideoSendConfig.requireRange("media.display.width", width, 160, 3840);
        VideoSendConfig.requireRange("media.display.height", height, 120, 2160);
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("media.display size is " + width + "x" + height
                    + "; width and height must be even");
        }
        Objects.requireNonNull(selfViewChannel, "selfViewChannel");
        selfViewChannel.ifPresent(channel -> {
            if (!channel.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("media.display.selfViewChannel is '" + channel
                        + "'; allowed 1..64 letters, digits, '-' or '_'");
            }
        });
        VideoSendConfig.requireRange("media.display.snapshotFramesPerSecond", snapshotFramesPerSecond, 1, 10);
        VideoSendConfig.requireRange("media.display.tileSlots", tileSlots, 0, MAX_TILE_SLOTS);
    }

    /** As before tiles existed: {@value #DEFAULT_TILE_SLOTS} tile slots. */
    public DisplayConfig(int width, int height, int backgroundArgb, Optional<String> selfViewChannel,
            int snapshotFramesPerSecond) {
        this(width, height, backgroundArgb, selfViewChannel, snapshotFramesPerSecond, DEFAULT_TILE_SLOTS);
    }

    /** This configuration with another number of remote tile slots, 0..{@value #MAX_TILE_SLOTS}. */
    public DisplayConfig withTileSlots(int slots) {
        return new DisplayConfig(width, height, backgroundArgb, selfViewChannel, snapshotFramesPerSecond, slots);
    }

    /** 1920x1080, dark background, self-view from the default channel, 2 snapshots per second, 5 tile slots. */
    public static DisplayConfig defaults() {
        return new DisplayConfig(1920, 1080, DEFAULT_BACKGROUND_ARGB,
                Optional.of(VideoSendConfig.DEFAULT_SELF_VIEW_CHANNEL), 2);
    }

    /** Another size, 5 tile slots; self-view channel empty shows a test pattern. */
    public static DisplayConfig of(int width, int height, Optional<String> selfViewChannel) {
        return new DisplayConfig(width, height, DEFAULT_BACKGROUND_ARGB, selfViewChannel, 2);
    }
}

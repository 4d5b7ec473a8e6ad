package dev.salle.media.pipeline;

/**
 * The pixel size a remote video tile is drawn at on the screen, as the display's layout gives it:
 * the size its {@link RemoteVideoPipeline} scales decoded frames to, so the picture is scaled once.
 *
 * @param width  2 to 3840 pixels (a filmstrip tile on the smallest screen is narrow)
 * @param height 2 to 2160 pixels
 */
public record TileSize(int width, int height) {

    public TileSize {
        VideoSendConfig.requireRange("tile width", width, 2, 3840);
        VideoSendConfig.requireRange("tile height", height, 2, 2160);
    }

    /** Raw video caps of this size, square pixels, in the display's format (I420). */
    String caps() {
        return "video/x-raw,format=I420,width=" + width + ",height=" + height + ",pixel-aspect-ratio=1/1";
    }
}

package dev.salle.media.pipeline;

import java.util.Objects;

/**
 * One grayscale (GRAY8) camera frame: one byte of luma per pixel, rows {@code stride} bytes apart
 * (GStreamer pads rows to a multiple of 4 bytes).
 */
public record GrayFrame(byte[] pixels, int width, int height, int stride) {

    public GrayFrame {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1 || stride < width || (long) stride * (height - 1) + width > pixels.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " gray frame with stride " + stride
                    + " does not fit in " + pixels.length + " bytes");
        }
    }
}

package dev.salle.device.fleet;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The {@code snapshot} command's picture: the screen's latest JPEG, scaled to at most
 * {@value #MAX_WIDTH} px wide and encoded again at falling quality until it fits in
 * {@value #MAX_JPEG_BYTES} bytes (about 43 KiB as base64, well under the 64 KiB reply bound).
 * Stateless; runs on the agent's executor (decoding a 1080p JPEG takes tens of milliseconds).
 */
final class ScreenSnapshot {

    static final int MAX_WIDTH = 320;
    static final int MAX_JPEG_BYTES = 32 * 1024;
    private static final float[] QUALITIES = {0.8f, 0.6f, 0.4f, 0.25f};

    private ScreenSnapshot() {
    }

    /** The reply to {@code snapshot}: the picture as base64 with its size, or {@code failed} saying why. */
    static CommandResult take(Optional<ScreenSource> source) {
        if (source.isEmpty()) {
            return CommandResult.failed(CommandError.FAILED, "this device has no display to take a snapshot of");
        }
        Optional<byte[]> latest = source.get().latestJpeg();
        if (latest.isEmpty()) {
            return CommandResult.failed(CommandError.FAILED,
                    "no picture of the screen yet: the display pipeline is starting; ask again in a few seconds");
        }
        BufferedImage screen;
        try {
            screen = ImageIO.read(new ByteArrayInputStream(latest.get()));
        } catch (IOException | RuntimeException e) {
            screen = null;
        }
        if (screen == null) {
            return CommandResult.failed(CommandError.FAILED, "the screen's latest picture (" + latest.get().length
                    + " bytes) is not a readable JPEG; the display pipeline may be failing: see its health");
        }
        BufferedImage small = scaled(screen);
        for (float quality : QUALITIES) {
            byte[] jpeg = encode(small, quality);
            if (jpeg.length <= MAX_JPEG_BYTES) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("contentType", "image/jpeg");
                result.put("width", small.getWidth());
                result.put("height", small.getHeight());
                result.put("screenWidth", screen.getWidth());
                result.put("screenHeight", screen.getHeight());
                result.put("bytes", jpeg.length);
                result.put("jpeg", Base64.getEncoder().encodeToString(jpeg));
                return CommandResult.ok(result);
            }
        }
        return CommandResult.failed(CommandError.FAILED, "the screen's picture does not fit in " + MAX_JPEG_BYTES
                + " bytes at " + small.getWidth() + "x" + small.getHeight() + " even at the lowest quality");
    }

    static BufferedImage scaled(BufferedImage screen) {
        int width = Math.min(MAX_WIDTH, screen.getWidth());
        int height = Math.max(1, (int) Math.round(screen.getHeight() * (double) width / screen.getWidth()));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(screen, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] encode(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("encoding the screen's snapshot as JPEG failed in memory: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

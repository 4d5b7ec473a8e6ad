package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/** Decoding and measuring the display's JPEG snapshots in tests; waits are bounded. */
final class SnapshotImages {

    private SnapshotImages() {}

    static BufferedImage decode(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertThat(image).as("snapshot decodes as JPEG").isNotNull();
            return image;
        } catch (IOException e) {
            throw new AssertionError("snapshot does not decode as JPEG: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for a snapshot taken after this call that satisfies the condition, at most maxMillis;
     * returns the last snapshot seen (which may not satisfy it: the caller asserts).
     */
    static BufferedImage awaitNewSnapshot(DisplayPipeline display, Predicate<BufferedImage> done, long maxMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long seen = display.snapshotCount();
        BufferedImage last = null;
        while (System.nanoTime() < deadline) {
            display.requestSnapshots();
            if (display.snapshotCount() > seen) {
                seen = display.snapshotCount();
                Optional<byte[]> jpeg = display.latestSnapshotJpeg();
                if (jpeg.isPresent()) {
                    last = decode(jpeg.get());
                    if (done.test(last)) {
                        return last;
                    }
                }
            }
            Thread.sleep(50);
        }
        assertThat(last).as("a snapshot within %s ms", maxMillis).isNotNull();
        return last;
    }

    /** The inner part of a rectangle (a fraction cut from each side), away from JPEG ringing and text. */
    static BufferedImage inner(BufferedImage image, TileLayout.Rect r, double cut) {
        int dx = (int) (r.width() * cut);
        int dy = (int) (r.height() * cut);
        return image.getSubimage(r.x() + dx, r.y() + dy, r.width() - 2 * dx, r.height() - 2 * dy);
    }

    /** Mean over all pixels of the largest per-channel distance from the colour. */
    static double meanDistanceFrom(BufferedImage image, int rgb) {
        double total = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int d = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    d = Math.max(d, Math.abs(((p >> shift) & 0xFF) - ((rgb >> shift) & 0xFF)));
                }
                total += d;
            }
        }
        return total / (image.getWidth() * image.getHeight());
    }

    static double lumaStandardDeviation(BufferedImage image) {
        double sum = 0;
        double sumSquares = 0;
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double luma = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += luma;
                sumSquares += luma * luma;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
    }
}

package dev.salle.device.fleet;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/** A screen for the snapshot command: shows nothing until told, then a real JPEG of the given size. */
final class FakeScreen implements ScreenSource {

    private volatile Optional<byte[]> latest = Optional.empty();
    private final AtomicInteger reads = new AtomicInteger();

    /** A status-screen-like picture: a dark background with a light band. */
    void show(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x10, 0x20, 0x40));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(width / 8, height / 3, width * 3 / 4, height / 6);
        g.dispose();
        latest = Optional.of(jpeg(image));
    }

    /** Random pixels: the worst case for JPEG's size. */
    void showNoise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        latest = Optional.of(jpeg(image));
    }

    void showBytes(byte[] bytes) {
        latest = Optional.of(bytes.clone());
    }

    int reads() {
        return reads.get();
    }

    @Override
    public Optional<byte[]> latestJpeg() {
        reads.incrementAndGet();
        return latest;
    }

    private static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.salle.media.elements.ElementChooser;
import dev.salle.media.elements.GstElementRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera pipeline's grayscale branch, fed by a PNG file as the camera (first boot's QR scanning). */
class ScanningBranchTest {

    @TempDir
    Path dir;

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("multifilesrc", "pngdec", "imagefreeze", "x264enc", "appsink", "intervideosink");
    }

    @Test
    void grayFramesOfAnImageCameraCarryItsQrCodeAndFollowTheFileWhenItIsReplaced() throws Exception {
        Path camera = dir.resolve("camera.png");
        writeQr(camera, "FIRST-CODE");
        BlockingQueue<GrayFrame> frames = new LinkedBlockingQueue<>(64);

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(640, 360, 30, "selfview-scan"),
                new ElementChooser(new GstElementRegistry()).imageSource(camera), GstTestSupport.x264(30), p -> { })) {
            pipeline.setEncoding(false);
            pipeline.start();
            assertThat(frames.poll(2, TimeUnit.SECONDS)).as("no frames before scanning starts").isNull();

            pipeline.startScanning(frames::offer);
            assertThat(firstDecoded(frames, 40)).isEqualTo("FIRST-CODE");

            Path next = dir.resolve("next.png");
            writeQr(next, "SECOND-CODE");
            Files.move(next, camera, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            String seen = null;
            for (int i = 0; i < 40 && !"SECOND-CODE".equals(seen); i++) {
                seen = firstDecoded(frames, 1);
            }
            assertThat(seen).isEqualTo("SECOND-CODE");

            pipeline.stopScanning();
            long stoppedAt = pipeline.scanFrames();
            Thread.sleep(1_000);
            assertThat(pipeline.scanFrames()).as("frames after stopScanning").isLessThanOrEqualTo(stoppedAt + 1);
        }
    }

    @Test
    void scanningHandsOutAtMostAFewFramesASecond() throws Exception {
        Path camera = dir.resolve("camera.png");
        writeQr(camera, "RATE");
        BlockingQueue<GrayFrame> frames = new LinkedBlockingQueue<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-scan-rate"),
                new ElementChooser(new GstElementRegistry()).imageSource(camera), GstTestSupport.x264(30), p -> { })) {
            pipeline.setEncoding(false);
            pipeline.start();
            pipeline.startScanning(frames::offer);
            frames.poll(5, TimeUnit.SECONDS);
            long first = pipeline.scanFrames();
            Thread.sleep(3_000);
            long inThreeSeconds = pipeline.scanFrames() - first;

            assertThat(inThreeSeconds).as("frames in 3 s at 30 fps camera, scan limit %d/s", VideoSendPipeline.SCAN_FPS)
                    .isBetween(1L, 3L * VideoSendPipeline.SCAN_FPS + 2);
        }
        GrayFrame any = frames.peek();
        assertThat(any.width()).isEqualTo(320);
        assertThat(any.height()).isEqualTo(240);
    }

    @Test
    void aFullHdCameraIsScannedAt1280WideAndStillReads() throws Exception {
        Path camera = dir.resolve("camera.png");
        writeQr(camera, "FULL-HD");
        BlockingQueue<GrayFrame> frames = new LinkedBlockingQueue<>(64);
        AtomicReference<GrayFrame> last = new AtomicReference<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(1920, 1080, 30, "selfview-scan-hd"),
                new ElementChooser(new GstElementRegistry()).imageSource(camera), GstTestSupport.x264(30), p -> { })) {
            pipeline.setEncoding(false);
            pipeline.start();
            pipeline.startScanning(f -> {
                last.set(f);
                frames.offer(f);
            });

            assertThat(firstDecoded(frames, 20)).isEqualTo("FULL-HD");
        }
        GrayFrame any = last.get();
        assertThat(any.width()).isEqualTo(VideoSendPipeline.SCAN_MAX_WIDTH);
        assertThat(any.height()).isEqualTo(720);
        assertThat(any.stride()).isGreaterThanOrEqualTo(any.width());
    }

    @Test
    void scanFramesKeepTheCameraShapeAndAreNeverWiderThanTheLimit() {
        assertThat(VideoSendPipeline.scanFrameSize(640, 360)).containsExactly(640, 360);
        assertThat(VideoSendPipeline.scanFrameSize(1280, 720)).containsExactly(1280, 720);
        assertThat(VideoSendPipeline.scanFrameSize(1920, 1080)).containsExactly(1280, 720);
        assertThat(VideoSendPipeline.scanFrameSize(1600, 1200)).containsExactly(1280, 960);
        assertThat(VideoSendPipeline.scanFrameSize(1920, 1000)).containsExactly(1280, 666);
        assertThat(VideoSendPipeline.scanFrameSize(1920, 64)).containsExactly(1280, 42);
    }

    private static String firstDecoded(BlockingQueue<GrayFrame> frames, int attempts) throws Exception {
        for (int i = 0; i < attempts; i++) {
            GrayFrame f = frames.poll(2, TimeUnit.SECONDS);
            if (f == null) {
                continue;
            }
            try {
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new PlanarYUVLuminanceSource(
                        f.pixels(), f.stride(), f.height(), 0, 0, f.width(), f.height(), false))),
                        Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE))).getText();
            } catch (com.google.zxing.ReaderException e) {
                // not readable in this frame: take the next
            }
        }
        return null;
    }

    private static void writeQr(Path file, String text) throws Exception {
        BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0);
        int module = 8;
        BufferedImage image = new BufferedImage(m.getWidth() * module, m.getHeight() * module, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.getRaster().setSample(x, y, 0, m.get(x / module, y / module) ? 0 : 255);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}

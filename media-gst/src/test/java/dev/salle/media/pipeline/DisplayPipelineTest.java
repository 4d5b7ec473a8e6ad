package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.media.elements.ElementChoice;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DisplayPipelineTest {

    private static final ElementChoice HEADLESS_SINK = new ElementChoice("appsink", "test",
            Map.of("sync", "false", "max-buffers", "1", "drop", "true"));

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("compositor", "textoverlay", "clockoverlay", "videotestsrc", "intervideosrc",
                "videorate", "jpegenc", "appsink");
    }

    @Test
    void snapshotIsAJpegOfTheConfiguredSizeThatIsNotBlankAndChanges() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        byte[] first;
        byte[] later;

        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.empty()), HEADLESS_SINK)) {
            display.addListener(events::add);
            display.showStatus("Salle Turing", "Waiting for the meeting");
            display.start();
            first = awaitSnapshot(display, 1);
            long seen = display.snapshotCount();
            later = awaitSnapshotDifferentFrom(display, first, seen);
            assertThat(display.width()).isEqualTo(640);
            assertThat(display.height()).isEqualTo(360);
        }

        BufferedImage image = decode(first);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
        assertThat(lumaStandardDeviation(image)).as("not a blank frame").isGreaterThan(8.0);
        assertThat(meanAbsoluteDifference(image, decode(later))).as("moving self-view changes the picture").isGreaterThan(0.0);
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void showStatusSetsTheOverlayTextWithMarkupEscaped() {
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(320, 180, Optional.empty()), HEADLESS_SINK)) {
            display.showStatus("Salle Lovelace", "In call");
            String plain = display.overlayText();
            display.showStatus("R&D <3", "Leaving <now>");

            assertThat(plain).isEqualTo("Salle Lovelace\nIn call");
            assertThat(display.overlayText()).isEqualTo("R&D <3\nLeaving <now>");
            assertThat(display.overlayMarkup()).startsWith("R&amp;D &lt;3\n<span ").contains(">Leaving &lt;now&gt;</span>");
        }
    }

    @Test
    void selfViewComesFromTheVideoSendPipelineThroughTheInterChannel() throws Exception {
        GstTestSupport.requireElements("x264enc", "intervideosink");
        String channel = "selfview-display-test";
        ElementChoice colourBars = new ElementChoice("videotestsrc", "test", Map.of("is-live", "true", "pattern", "smpte"));
        byte[] jpeg;

        try (VideoSendPipeline camera = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, channel), colourBars,
                GstTestSupport.x264(30), packet -> { });
                DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.of(channel)), HEADLESS_SINK)) {
            camera.start();
            display.showStatus("Salle Turing", "In call");
            display.start();
            awaitSnapshot(display, 1);
            jpeg = awaitSnapshot(display, display.snapshotCount() + 2);
        }

        BufferedImage corner = decode(jpeg).getSubimage(640 - 160 - 12, 360 - 90 - 12, 160, 90);
        assertThat(lumaStandardDeviation(corner)).as("colour bars in the self-view corner").isGreaterThan(30.0);
    }

    @Test
    void selfViewKeepsMovingWhileEncodingIsPausedFromTheStart() throws Exception {
        GstTestSupport.requireElements("x264enc", "intervideosink");
        String channel = "selfview-paused-encoder";
        ElementChoice scrollingBars = new ElementChoice("videotestsrc", "test",
                Map.of("is-live", "true", "pattern", "smpte", "horizontal-speed", "4"));
        byte[] first;
        byte[] later;
        long packets;
        try (VideoSendPipeline camera = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, channel), scrollingBars,
                GstTestSupport.x264(30), packet -> { });
                DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(640, 360, Optional.of(channel)), HEADLESS_SINK)) {
            camera.setEncoding(false);
            camera.start();
            display.start();
            awaitSnapshot(display, 2);
            first = display.latestSnapshotJpeg().orElseThrow();
            later = awaitSnapshotDifferentFrom(display, first, display.snapshotCount());
            packets = camera.packetsSent();
        }

        BufferedImage a = decode(first).getSubimage(640 - 160 - 12, 360 - 90 - 12, 160, 90);
        BufferedImage b = decode(later).getSubimage(640 - 160 - 12, 360 - 90 - 12, 160, 90);
        assertThat(lumaStandardDeviation(b)).as("colour bars in the self-view corner").isGreaterThan(30.0);
        assertThat(meanAbsoluteDifference(a, b)).as("the self-view corner moves although nothing is encoded").isGreaterThan(1.0);
        assertThat(packets).as("RTP packets while paused from the start").isLessThanOrEqualTo(64);
    }

    private static byte[] awaitSnapshot(DisplayPipeline display, long atLeast) throws InterruptedException {
        for (int i = 0; i < 100 && display.snapshotCount() < atLeast; i++) {
            display.requestSnapshots();
            Thread.sleep(100);
        }
        return display.latestSnapshotJpeg().orElseThrow(() -> new AssertionError("no snapshot within 10 s"));
    }

    private static byte[] awaitSnapshotDifferentFrom(DisplayPipeline display, byte[] first, long seen) throws InterruptedException {
        byte[] latest = first;
        for (int i = 0; i < 100 && Arrays.equals(latest, first); i++) {
            display.requestSnapshots();
            Thread.sleep(100);
            if (display.snapshotCount() > seen) {
                latest = display.latestSnapshotJpeg().orElseThrow();
            }
        }
        return latest;
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).as("snapshot decodes as JPEG").isNotNull();
        return image;
    }

    private static double lumaStandardDeviation(BufferedImage image) {
        double sum = 0;
        double sumSquares = 0;
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                double luma = luma(image.getRGB(x, y));
                sum += luma;
                sumSquares += luma * luma;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
    }

    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        double total = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                total += Math.abs(luma(a.getRGB(x, y)) - luma(b.getRGB(x, y)));
            }
        }
        return total / (a.getWidth() * a.getHeight());
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }
}

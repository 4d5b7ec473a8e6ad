package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.media.rtp.H264Depayloader;
import dev.salle.media.rtp.RtpPacket;
import dev.salle.media.rtp.SequenceParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The camera's low simulcast layer: a second encoder on the same frames, at a quarter of each side. */
class VideoSendLowLayerTest {

    private final BlockingQueue<byte[]> main = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> low = new LinkedBlockingQueue<>();

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("videotestsrc", "x264enc", "h264parse", "rtph264pay", "appsink", "intervideosink");
    }

    @Test
    void bothLayersSendH264AtTheirOwnSizeAndPauseTogether() throws Exception {
        VideoSendConfig config = VideoSendConfig.of(640, 360, 30, "selfview-low-layer");
        LowLayer quarter = LowLayer.quarterOf(config);
        assertThat(quarter).isEqualTo(new LowLayer(160, 90, LowLayer.DEFAULT_BITRATE_KBPS));
        List<byte[]> mainReceived = new ArrayList<>();
        List<byte[]> lowReceived = new ArrayList<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(config, GstTestSupport.testPatternSource(),
                GstTestSupport.x264(30), main::add, Optional.of(quarter), low::add)) {
            pipeline.start();
            GstTestSupport.drainUntil(main, mainReceived, list -> list.size() >= 60, 5_000, 10_000);
            GstTestSupport.drainUntil(low, lowReceived, list -> list.size() >= 30, 5_000, 10_000);
            assertThat(pipeline.lowLayer()).contains(quarter);
            assertThat(pipeline.lowPacketsSent()).isPositive();

            pipeline.setEncoding(false);
            Thread.sleep(500); // packets in flight drain
            main.clear();
            low.clear();
            Thread.sleep(700);
            assertThat(main).as("main layer paused").hasSizeLessThanOrEqualTo(2);
            assertThat(low).as("low layer paused").hasSizeLessThanOrEqualTo(2);
        }

        assertThat(spsSize(mainReceived)).containsExactly(640, 360);
        assertThat(spsSize(lowReceived)).containsExactly(160, 90);
        assertThat(lowReceived).allSatisfy(p -> assertThat(RtpPacket.parse(p).payloadType()).isEqualTo(96));
        assertThat(RtpPacket.parse(lowReceived.get(0)).ssrc()).as("each layer is its own RTP stream")
                .isNotEqualTo(RtpPacket.parse(mainReceived.get(0)).ssrc());
    }

    @Test
    void aLowLayerMustBeSmallerEvenAndSane() {
        VideoSendConfig config = VideoSendConfig.of(640, 360, 30, "selfview-low-bad");
        assertThatThrownBy(() -> new LowLayer(161, 90, 150)).hasMessageContaining("even");
        assertThatThrownBy(() -> new LowLayer(8, 8, 150)).hasMessageContaining("low layer width is 8");
        assertThatThrownBy(() -> new LowLayer(160, 90, 10)).hasMessageContaining("bitrate");
        assertThatThrownBy(() -> new VideoSendPipeline(config, GstTestSupport.testPatternSource(),
                GstTestSupport.x264(30), main::add, Optional.of(new LowLayer(640, 360, 150)), low::add))
                .hasMessageContaining("must be smaller than the main layer 640x360");
    }

    private static List<Integer> spsSize(List<byte[]> packets) {
        H264Depayloader depayloader = new H264Depayloader();
        for (byte[] p : packets) {
            for (byte[] nal : depayloader.push(RtpPacket.parse(p).payload())) {
                if (H264Depayloader.nalType(nal) == 7) {
                    SequenceParameterSet sps = SequenceParameterSet.parse(nal);
                    return List.of(sps.width(), sps.height());
                }
            }
        }
        return List.of();
    }
}

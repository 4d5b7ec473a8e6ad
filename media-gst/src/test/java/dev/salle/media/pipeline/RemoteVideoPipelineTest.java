package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.media.elements.ElementChoice;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Remote video from RTP to a tile: real encoders make the RTP, the pipeline decodes it. */
class RemoteVideoPipelineTest {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Test
    void decodesVp8RtpIntoTheTileAfterGarbageIsPushedFirst() throws Exception {
        GstTestSupport.requireElements("videotestsrc", "vp8enc", "rtpvp8pay", "appsink", "appsrc", "rtpjitterbuffer",
                "rtpvp8depay", "vp8dec", "intervideosink");
        try (RemoteVideoPipeline remote = new RemoteVideoPipeline("VP8", 96, ElementChoice.of("vp8dec", "test"),
                "remote-vp8", 320, 180)) {
            remote.start();
            remote.push(new byte[] {1, 2, 3}, 0, 3);
            remote.push(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xFF}, 0, 13);
            remote.push(new byte[4], 2, 9);
            assertThat(remote.packetsRefused()).as("out of bounds").isEqualTo(1);
            try (LivePipeline sender = new LivePipeline("vp8-sender", "videotestsrc is-live=true pattern=ball"
                    + " ! video/x-raw,width=320,height=180,framerate=30/1 ! vp8enc deadline=1 keyframe-max-dist=30"
                    + " ! rtpvp8pay pt=96 mtu=1200 ! appsink name=out emit-signals=true sync=false")) {
                RtpSinkTap tap = new RtpSinkTap("vp8-sender", (org.freedesktop.gstreamer.elements.AppSink) sender
                        .element("out"), p -> remote.push(p, 0, p.length));
                sender.play();
                awaitFrames(remote, 45);
                assertThat(tap.packets()).isPositive();
            }
        }
    }

    @Test
    void decodesTheDevicesOwnH264RtpWithTheChosenSoftwareDecoder() throws Exception {
        GstTestSupport.requireElements("videotestsrc", "x264enc", "h264parse", "rtph264pay", "appsink", "appsrc",
                "rtpjitterbuffer", "rtph264depay", "avdec_h264", "intervideosink");
        try (RemoteVideoPipeline remote = new RemoteVideoPipeline("H264", 102, ElementChoice.of("avdec_h264", "test"),
                "remote-h264", 640, 360);
                VideoSendPipeline sender = new VideoSendPipeline(
                        new VideoSendConfig(640, 360, 30, "remote-h264-selfview", 1200, 102),
                        GstTestSupport.testPatternSource(), GstTestSupport.x264(30), p -> remote.push(p, 0, p.length))) {
            long started = System.nanoTime();
            assertThat(remote.firstFrameNanos()).isEmpty();
            remote.start();
            sender.start();
            awaitFrames(remote, 45);
            long seen = System.nanoTime();
            assertThat(remote.firstFrameNanos()).as("stamped by the frame probe, once").isPresent();
            long first = remote.firstFrameNanos().getAsLong();
            assertThat(first).isBetween(started, seen);
            awaitFrames(remote, 60);
            assertThat(remote.firstFrameNanos()).as("later frames keep the first stamp").hasValue(first);
        }
    }

    @Test
    void aNewTileSizeRenegotiatesWhilePlayingAndFramesKeepComing() throws Exception {
        GstTestSupport.requireElements("videotestsrc", "x264enc", "h264parse", "rtph264pay", "appsink", "appsrc",
                "rtpjitterbuffer", "rtph264depay", "avdec_h264", "intervideosink");
        try (RemoteVideoPipeline remote = new RemoteVideoPipeline("H264", 102, ElementChoice.of("avdec_h264", "test"),
                "remote-h264-resize", 640, 360);
                VideoSendPipeline sender = new VideoSendPipeline(
                        new VideoSendConfig(640, 360, 30, "remote-h264-resize-selfview", 1200, 102),
                        GstTestSupport.testPatternSource(), GstTestSupport.x264(30), p -> remote.push(p, 0, p.length))) {
            remote.start();
            sender.start();
            awaitFrames(remote, 15);
            Optional<TileSize> first = remote.negotiatedTileSize();

            remote.setTileSize(new TileSize(410, 230));
            long framesAtChange = remote.framesDecoded();
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (!remote.negotiatedTileSize().equals(Optional.of(new TileSize(410, 230))) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            awaitFrames(remote, framesAtChange + 15);

            assertThat(first).contains(new TileSize(640, 360));
            assertThat(remote.tileSize()).isEqualTo(new TileSize(410, 230));
            assertThat(remote.negotiatedTileSize()).as("frames reach the tile at the new size")
                    .contains(new TileSize(410, 230));
        }
    }

    @Test
    void refusesWhatItCannotDecodeOrName() {
        ElementChoice vp8 = ElementChoice.of("vp8dec", "test");
        assertThatThrownBy(() -> new RemoteVideoPipeline("AV1", 96, vp8, "remote-a", 320, 180))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("H264 and VP8");
        assertThatThrownBy(() -> new RemoteVideoPipeline("VP8", 8, vp8, "remote-a", 320, 180))
                .hasMessageContaining("96..127");
        assertThatThrownBy(() -> new RemoteVideoPipeline("VP8", 96, vp8, "bad channel!", 320, 180))
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> new RemoteVideoPipeline("VP8", 96, vp8, "remote-a", 8, 180))
                .hasMessageContaining("tile width");
    }

    private static void awaitFrames(RemoteVideoPipeline remote, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (remote.framesDecoded() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(remote.framesDecoded()).as("frames decoded into the tile (packets pushed: %s)", remote.packetsPushed())
                .isGreaterThanOrEqualTo(atLeast);
    }
}

package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.media.rtp.H264Depayloader;
import dev.salle.media.rtp.RtpPacket;
import dev.salle.media.rtp.SequenceParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VideoSendPipelineTest {

    private final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("videotestsrc", "x264enc", "h264parse", "rtph264pay", "appsink", "intervideosink");
    }

    @Test
    void sendsH264RtpWhoseSpsHasTheConfiguredSize() throws Exception {
        VideoSendConfig config = VideoSendConfig.of(640, 360, 30, "selfview-video-size");
        List<byte[]> received = new ArrayList<>();
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(config, GstTestSupport.testPatternSource(),
                GstTestSupport.x264(30), packets::add)) {
            pipeline.addListener(events::add);
            pipeline.start();
            GstTestSupport.drainUntil(packets, received, list -> list.size() >= 120, 5_000, 10_000);
        }

        assertThat(received).hasSizeGreaterThanOrEqualTo(120);
        List<RtpPacket> rtp = received.stream().map(RtpPacket::parse).toList();
        assertThat(rtp).allSatisfy(p -> {
            assertThat(p.version()).isEqualTo(2);
            assertThat(p.payloadType()).isEqualTo(96);
        });
        assertThat(received).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(1200));
        for (int i = 1; i < rtp.size(); i++) {
            assertThat(rtp.get(i).sequenceNumber()).isEqualTo((rtp.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
        }
        assertThat(rtp).filteredOn(RtpPacket::marker).hasSizeGreaterThan(10);

        List<byte[]> nals = depayload(rtp);
        List<Integer> types = nals.stream().map(H264Depayloader::nalType).toList();
        assertThat(types).contains(7, 8, 5);
        byte[] sps = nals.stream().filter(n -> H264Depayloader.nalType(n) == 7).findFirst().orElseThrow();
        SequenceParameterSet parsed = SequenceParameterSet.parse(sps);
        assertThat(parsed.width()).isEqualTo(640);
        assertThat(parsed.height()).isEqualTo(360);
        assertThat(events).contains(new PipelineEvent.Started(VideoSendPipeline.NAME));
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void requestedKeyFrameArrivesBeforeTheRegularInterval() throws Exception {
        List<byte[]> received = new ArrayList<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-video-key"),
                GstTestSupport.testPatternSource(), GstTestSupport.x264(600), packets::add)) {
            pipeline.start();
            GstTestSupport.drainUntil(packets, received, list -> idrCount(list) >= 1, 5_000, 10_000);
            GstTestSupport.drainUntil(packets, received, list -> list.size() >= idrIndex(list) + 40, 5_000, 5_000);

            boolean accepted = pipeline.requestKeyFrame();

            GstTestSupport.drainUntil(packets, received, list -> idrCount(list) >= 2, 5_000, 10_000);
            assertThat(accepted).isTrue();
        }
        assertThat(idrCount(received)).as("IDR frames with key-int-max=600 after a forced key unit").isGreaterThanOrEqualTo(2);
    }

    @Test
    void encodingPausesWhileTheCameraRunsAndResumesWithAKeyFrame() throws Exception {
        List<byte[]> received = new ArrayList<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-video-valve"),
                GstTestSupport.testPatternSource(), GstTestSupport.x264(600), packets::add)) {
            pipeline.start();
            GstTestSupport.drainUntil(packets, received, list -> idrCount(list) >= 1, 5_000, 10_000);

            pipeline.setEncoding(false);
            GstTestSupport.drainUntil(packets, new ArrayList<>(), list -> false, 1_000, 500);
            byte[] during = packets.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(pipeline.encoding()).isFalse();
            assertThat(during).as("no RTP while encoding is paused").isNull();

            received.clear();
            pipeline.setEncoding(true);
            GstTestSupport.drainUntil(packets, received, list -> idrCount(list) >= 1, 5_000, 10_000);
        }
        List<Integer> types = depayload(received.stream().map(RtpPacket::parse).toList()).stream()
                .map(H264Depayloader::nalType).toList();
        assertThat(types).as("after resuming: SPS, PPS and an IDR (key-int-max is 600 frames)").contains(7, 8, 5);
    }

    @Test
    void bitrateChangesWhilePlaying() throws Exception {
        List<byte[]> received = new ArrayList<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-video-rate"),
                GstTestSupport.testPatternSource(), GstTestSupport.x264(30), packets::add)) {
            pipeline.start();
            GstTestSupport.drainUntil(packets, received, list -> list.size() >= 10, 5_000, 10_000);

            boolean changed = pipeline.setBitrateKbps(400);

            assertThat(changed).isTrue();
            assertThat(pipeline.encoderBitrateProperty()).isEqualTo(400);
            assertThat(pipeline.packetsSent()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void packetsKeepFlowingAfterGarbageCollection() throws Exception {
        List<byte[]> received = new ArrayList<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-video-gc"),
                GstTestSupport.testPatternSource(), GstTestSupport.x264(30), packets::add)) {
            pipeline.start();
            GstTestSupport.drainUntil(packets, received, list -> list.size() >= 10, 5_000, 10_000);
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            int before = received.size();
            GstTestSupport.drainUntil(packets, received, list -> list.size() >= before + 60, 5_000, 10_000);
        }

        assertThat(received).as("packets after System.gc(): callbacks are strongly held").hasSizeGreaterThanOrEqualTo(70);
    }

    @Test
    void aThrowingListenerDoesNotStopTheStream() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-video-throw"),
                GstTestSupport.testPatternSource(), GstTestSupport.x264(30), packet -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("listener failure on purpose");
                })) {
            pipeline.addListener(events::add);
            pipeline.start();
            for (int i = 0; i < 100 && calls.get() < 30; i++) {
                Thread.sleep(100);
            }
            assertThat(pipeline.packetsSent()).isGreaterThanOrEqualTo(30);
        }

        assertThat(calls.get()).isGreaterThanOrEqualTo(30);
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void closingTwiceIsSafe() {
        VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 15, "selfview-video-close"),
                GstTestSupport.testPatternSource(), GstTestSupport.x264(30), packets::add);
        pipeline.start();

        pipeline.close();
        pipeline.close();

        assertThat(pipeline.packetsSent()).isGreaterThanOrEqualTo(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(pipeline::start).hasMessageContaining("is closed");
    }

    private static List<byte[]> depayload(List<RtpPacket> rtp) {
        H264Depayloader depayloader = new H264Depayloader();
        List<byte[]> nals = new ArrayList<>();
        for (RtpPacket p : rtp) {
            nals.addAll(depayloader.push(p.payload()));
        }
        return nals;
    }

    private static long idrCount(List<byte[]> packets) {
        return depayload(packets.stream().map(RtpPacket::parse).toList()).stream()
                .filter(n -> H264Depayloader.nalType(n) == 5).count();
    }

    private static int idrIndex(List<byte[]> packets) {
        for (int i = 0; i < packets.size(); i++) {
            byte[] payload = RtpPacket.parse(packets.get(i)).payload();
            int type = payload[0] & 0x1F;
            if (type == 5 || (type == 28 && (payload[1] & 0x1F) == 5)) {
                return i;
            }
        }
        return Integer.MAX_VALUE - 100;
    }
}

package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.media.elements.ElementChoice;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineErrorEventTest {

    @Test
    void missingCameraDeviceArrivesAsErrorNamingTheSourceElement() throws Exception {
        GstTestSupport.requireElements("v4l2src", "x264enc");
        ElementChoice absentCamera = new ElementChoice("v4l2src", "test", Map.of("device", "/dev/salle-no-such-camera"));
        BlockingQueue<PipelineEvent> events = new LinkedBlockingQueue<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        PipelineEvent.Error error;

        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-error-test"),
                absentCamera, GstTestSupport.x264(30), packet -> { })) {
            pipeline.addListener(event -> {
                threads.add(Thread.currentThread().getName());
                events.add(event);
            });
            pipeline.start();
            error = awaitError(events);
        }

        assertThat(error).as("an Error event within 10 s").isNotNull();
        assertThat(error.pipeline()).isEqualTo(VideoSendPipeline.NAME);
        assertThat(error.element()).isEqualTo("camera");
        assertThat(error.message()).contains("/dev/salle-no-such-camera");
        assertThat(error.debug()).contains("GstV4l2Src:camera");
        assertThat(threads).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void unknownElementInADescriptionFailsToBuildWithTheDescriptionInTheMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LivePipeline("broken", "videotestsrc ! salle-no-such-element ! fakesink"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not build pipeline broken")
                .hasMessageContaining("salle-no-such-element")
                .hasMessageContaining("gst-inspect-1.0");
    }

    private static PipelineEvent.Error awaitError(BlockingQueue<PipelineEvent> events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < 1_000 && System.nanoTime() < deadline; i++) {
            PipelineEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event instanceof PipelineEvent.Error error) {
                return error;
            }
        }
        return null;
    }
}

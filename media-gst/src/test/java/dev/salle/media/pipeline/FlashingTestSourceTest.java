package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.media.elements.ElementChooser;
import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.pipeline.FlashingTestSource.Colour;
import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlashingTestSourceTest {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final FakeScheduler scheduler = new FakeScheduler();
    private final List<String> switches = new CopyOnWriteArrayList<>();
    private final FlashingTestSource.Listener listener = (colour, at) -> switches.add(colour.word() + " at " + at);

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("videotestsrc", "x264enc", "h264parse", "rtph264pay", "appsink", "intervideosink");
    }

    private VideoSendPipeline flashCamera(String channel) {
        return new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, channel),
                new ElementChooser(new GstElementRegistry()).flashingTestSource(), GstTestSupport.x264(30), packet -> { });
    }

    @Test
    void switchesBetweenBlackAndWhiteOncePerPeriodWhilePlayingAndReportsTheClocksTime() throws Exception {
        try (VideoSendPipeline pipeline = flashCamera("selfview-flash-play")) {
            CountDownLatch started = new CountDownLatch(1);
            pipeline.addListener(e -> {
                if (e instanceof PipelineEvent.Started) {
                    started.countDown();
                }
            });
            FlashingTestSource flash = pipeline.flash(scheduler, scheduler.clock(), PERIOD, listener);
            pipeline.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).as("pipeline PLAYING").isTrue();
            assertThat(flash.foregroundArgb()).isEqualTo(Colour.BLACK.argb());

            scheduler.advance(PERIOD);
            long firstAt = scheduler.clock().millis();
            assertThat(flash.foregroundArgb()).isEqualTo(Colour.WHITE.argb());
            scheduler.advance(PERIOD);

            assertThat(flash.foregroundArgb()).isEqualTo(Colour.BLACK.argb());
            assertThat(switches).containsExactly("white at " + firstAt, "black at " + (firstAt + PERIOD.toMillis()));
        }
    }

    @Test
    void doesNotSwitchBeforeThePipelinePlays() {
        try (VideoSendPipeline pipeline = flashCamera("selfview-flash-idle")) {
            FlashingTestSource flash = pipeline.flash(scheduler, scheduler.clock(), PERIOD, listener);

            scheduler.advance(PERIOD.multipliedBy(3));

            assertThat(switches).isEmpty();
            assertThat(flash.foregroundArgb()).isEqualTo(Colour.BLACK.argb());
        }
    }

    @Test
    void closingThePipelineStopsTheSwitching() {
        VideoSendPipeline pipeline = flashCamera("selfview-flash-close");
        pipeline.flash(scheduler, scheduler.clock(), PERIOD, listener);
        assertThat(scheduler.pendingTasks()).isEqualTo(1);

        pipeline.close();
        scheduler.advance(PERIOD.multipliedBy(3));

        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(switches).isEmpty();
    }

    @Test
    void onlyASolidColourTestSourceFlashes() {
        try (VideoSendPipeline pipeline = new VideoSendPipeline(VideoSendConfig.of(320, 240, 30, "selfview-flash-ball"),
                GstTestSupport.testPatternSource(), GstTestSupport.x264(30), packet -> { })) {
            assertThatThrownBy(() -> pipeline.flash(scheduler, scheduler.clock(), PERIOD, listener))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pattern=solid-color")
                    .hasMessageContaining("test-flash");
        }
    }

    @Test
    void flashesOnlyOnce() {
        try (VideoSendPipeline pipeline = flashCamera("selfview-flash-twice")) {
            pipeline.flash(scheduler, scheduler.clock(), PERIOD, listener);

            assertThatThrownBy(() -> pipeline.flash(scheduler, scheduler.clock(), PERIOD, listener))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("flashes already");
        }
    }
}

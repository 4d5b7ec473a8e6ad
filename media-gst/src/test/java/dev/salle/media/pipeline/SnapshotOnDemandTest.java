package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.media.elements.ElementChoice;
import dev.salle.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotOnDemandTest {

    private static final ElementChoice HEADLESS_SINK = new ElementChoice("appsink", "test",
            Map.of("sync", "false", "max-buffers", "1", "drop", "true"));
    /** Long enough for a 2-per-second encoder to have made two JPEGs, had it run. */
    private static final long IDLE_MILLIS = 1500;

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("compositor", "textoverlay", "clockoverlay", "videotestsrc", "intervideosrc",
                "videorate", "valve", "jpegenc", "appsink");
    }

    @Test
    void encoderDoesNoWorkUntilASnapshotIsAskedForThenHandsOutAFreshOne() throws Exception {
        FakeClock clock = new FakeClock();
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(320, 180, Optional.empty()), HEADLESS_SINK,
                clock)) {
            display.addListener(events::add);
            display.start();
            Thread.sleep(IDLE_MILLIS);
            assertThat(display.snapshotCount()).as("JPEGs encoded while nobody asked").isZero();
            assertThat(display.snapshotsRunning()).isFalse();

            Optional<byte[]> jpeg = display.snapshotJpeg();

            assertThat(jpeg).as("a snapshot when asked").isPresent();
            assertThat(display.snapshotCount()).isPositive();
            assertThat(SnapshotImages.decode(jpeg.get()).getWidth()).isEqualTo(320);
        }
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void encoderStopsWhenTheDemandRunsOutAndAskingAgainGivesANewerSnapshot() throws Exception {
        FakeClock clock = new FakeClock();
        try (DisplayPipeline display = new DisplayPipeline(DisplayConfig.of(320, 180, Optional.empty()), HEADLESS_SINK,
                clock)) {
            display.start();
            byte[] first = display.snapshotJpeg().orElseThrow();
            assertThat(display.snapshotsRunning()).as("running within the demand").isTrue();

            clock.advance(DisplayPipeline.SNAPSHOT_DEMAND.plus(Duration.ofSeconds(1)));
            awaitStopped(display);
            long countWhenStopped = display.snapshotCount();
            Thread.sleep(IDLE_MILLIS);
            assertThat(display.snapshotCount()).as("JPEGs encoded after the demand ran out").isEqualTo(countWhenStopped);

            byte[] again = display.snapshotJpeg().orElseThrow();

            assertThat(display.snapshotCount()).as("a new JPEG was encoded for the new request")
                    .isGreaterThan(countWhenStopped);
            assertThat(again).as("the snapshot handed out is the new one, not the one kept from before")
                    .isNotEqualTo(first);
            assertThat(display.snapshotsRunning()).isTrue();
        }
    }

    private static void awaitStopped(DisplayPipeline display) throws InterruptedException {
        for (int i = 0; i < 50 && display.snapshotsRunning(); i++) {
            Thread.sleep(100);
        }
        assertThat(display.snapshotsRunning()).as("the encoder stopped within 5 s of the demand running out").isFalse();
    }
}

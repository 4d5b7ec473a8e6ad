package dev.salle.device.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.config.DeviceConfig;
import dev.salle.media.MediaRuntime;
import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.pipeline.PipelineEvent;
import dev.salle.media.pipeline.VideoSendPipeline;
import dev.salle.testkit.RealDependency;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The media part of an update's health check on real GStreamer, with the media configuration the
 * OS image's twin ({@code ImageTwinTest}) boots: an idle device must count as healthy there, or
 * every good update would roll back.
 */
class GstDeviceMediaProblemTest {

    /**
     * The twin's {@code salle.conf}, media keys and hardware, as {@code ImageTwinTest} writes them,
     * with the camera said outright: the twin has no camera, so its {@code auto} ends on the same
     * test source, but {@code auto} asks libcamera, which aborts the process when a second
     * CameraManager is made in it (libcamera 0.0.3: "Multiple IPAManager objects are not
     * allowed"), and this test makes several devices in the suite's shared JVM.
     */
    private static final Map<String, String> TWIN_MEDIA = Map.of(
            "media.camera", "test",
            "device.hardware", "simulated",
            "media.video.width", "320",
            "media.video.height", "180",
            "media.video.fps", "5",
            "media.display.sink", "none",
            "media.display.width", "320",
            "media.display.height", "180");

    private GstDeviceMedia media;

    @BeforeEach
    void startLikeTheTwin() {
        MediaRuntime.ensureInitialised();
        GstElementRegistry registry = new GstElementRegistry();
        RealDependency.require(registry.has("x264enc") || registry.has("openh264enc"),
                "a software H.264 encoder (Debian package gstreamer1.0-plugins-ugly)");
        RealDependency.require(registry.has("webrtcechoprobe"),
                "GStreamer element webrtcechoprobe (Debian package gstreamer1.0-plugins-bad)");
        media = new GstDeviceMedia(DeviceConfig.of(TWIN_MEDIA, "twin-test"));
        media.start();
    }

    @AfterEach
    void stop() {
        if (media != null) {
            media.close();
        }
    }

    @Test
    void anIdleDeviceWithTheTwinsMediaHasNoMediaProblem() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(media.mediaProblem()).isEmpty());

        assertThat(media.health()).extractingByKey("pipelines").asInstanceOf(InstanceOfAssertFactories.MAP)
                .as("idle: the screen plays, the microphone's pipeline is not even built")
                .containsEntry("display", "PLAYING").doesNotContainKey("audio-send");
    }

    @Test
    void aFailedPipelineIsAMediaProblemThatNamesIt() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(media.mediaProblem()).isEmpty());

        media.onEvent(new PipelineEvent.Error(VideoSendPipeline.NAME, "camera", "Could not read from the camera", ""));

        assertThat(media.mediaProblem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("video-send").contains("ERROR"));
    }

    @Test
    void beforeStartTheScreenIsAMediaProblem() {
        GstDeviceMedia notStarted = new GstDeviceMedia(DeviceConfig.of(TWIN_MEDIA, "twin-test"));
        try {
            assertThat(notStarted.mediaProblem()).isEqualTo(Optional.of("the display pipeline is not started, not PLAYING"));
        } finally {
            notStarted.close();
        }
    }
}

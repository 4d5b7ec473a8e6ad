package dev.salle.device.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.config.DeviceConfig;
import dev.salle.hw.camera.CameraDiscovery;
import dev.salle.hw.camera.SimulatedCameras;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaInputsTest {

    private static DeviceConfig.Media media(String camera, String microphone, String sink) {
        return DeviceConfig.of(Map.of("media.camera", camera, "media.microphone", microphone, "media.display.sink", sink), "h").media();
    }

    private static final CameraDiscovery NO_CAMERA = new CameraDiscovery(List.of(), new SimulatedCameras());

    @Test
    void missingCameraAndMicrophoneBecomeNoticesNotErrors() {
        MediaInputs in = MediaInputs.resolve(media("auto", "auto", "none"), true, NO_CAMERA, Optional::empty);

        assertThat(in.cameraEnabled()).isFalse();
        assertThat(in.cameraPresent()).isFalse();
        assertThat(in.microphonePresent()).isFalse();
        assertThat(in.notices()).containsExactly(MediaInputs.NO_CAMERA, MediaInputs.NO_MICROPHONE);
    }

    @Test
    void foundMicrophoneIsUsed() {
        MediaInputs in = MediaInputs.resolve(media("test", "auto", "none"), true, NO_CAMERA, () -> Optional.of("hw:1,0"));

        assertThat(in.alsaDevice()).contains("hw:1,0");
        assertThat(in.notices()).isEmpty();
    }

    @Test
    void testSourcesAskedForAreNotReportedAsMissing() {
        MediaInputs in = MediaInputs.resolve(media("test", "test", "none"), true, NO_CAMERA, Optional::empty);

        assertThat(in.notices()).isEmpty();
        assertThat(in.hostConfig(media("test", "test", "none")).cameraEnabled()).isFalse();
    }

    @Test
    void flashingTestCameraAskedForIsATestSourceThatFlashes() {
        MediaInputs in = MediaInputs.resolve(media("test-flash", "test", "none"), true, NO_CAMERA, Optional::empty);

        assertThat(in.notices()).isEmpty();
        assertThat(in.hostConfig(media("test-flash", "test", "none")).cameraEnabled()).isFalse();
        assertThat(in.hostConfig(media("test-flash", "test", "none")).flashingTestCamera()).isTrue();
        assertThat(in.hostConfig(media("test", "test", "none")).flashingTestCamera()).isFalse();
    }

    @Test
    void anImageCameraIsAStillPictureFromItsFile() {
        var m = media("image:/tmp/room-code.png", "test", "none");
        MediaInputs in = MediaInputs.resolve(m, true, NO_CAMERA, Optional::empty);

        assertThat(in.notices()).isEmpty();
        assertThat(in.hostConfig(m).cameraEnabled()).isFalse();
        assertThat(in.hostConfig(m).imageCamera()).contains(java.nio.file.Path.of("/tmp/room-code.png"));
        assertThat(in.hostConfig(media("test", "test", "none")).imageCamera()).isEmpty();
    }

    @Test
    void configuredWebcamIsUsedAsV4l2Device() {
        MediaInputs in = MediaInputs.resolve(media("/dev/video2", "test", "kms"), false, NO_CAMERA, Optional::empty);

        assertThat(in.videoDevice()).contains("/dev/video2");
        assertThat(in.kms()).isTrue();
    }

    @Test
    void anImageCameraNeedsNoCameraHardwareAndReportsNothingMissing() {
        var m = media("image:/var/lib/salle/room-code.png", "test", "none");

        MediaInputs in = MediaInputs.resolve(m, false, NO_CAMERA, Optional::empty);

        assertThat(in.notices()).isEmpty();
        assertThat(in.cameraPresent()).isFalse();
        assertThat(in.videoDevice()).isEmpty();
        assertThat(in.hostConfig(m).flashingTestCamera()).isFalse();
        assertThat(in.hostConfig(m).imageCamera()).contains(java.nio.file.Path.of("/var/lib/salle/room-code.png"));
    }
}

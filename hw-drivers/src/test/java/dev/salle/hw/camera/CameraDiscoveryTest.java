package dev.salle.hw.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CameraDiscoveryTest {

    private final FakeCameras libcamera = new FakeCameras(CameraSource.LIBCAMERA);
    private final FakeCameras v4l2 = new FakeCameras(CameraSource.V4L2);
    private final CameraDiscovery discovery = new CameraDiscovery(List.of(libcamera, v4l2), new SimulatedCameras());

    @Test
    void libcameraWinsWhenItHasACamera() {
        libcamera.plug("/base/imx708", "imx708");
        v4l2.plug("/dev/video0", "Logitech BRIO");

        CameraChoice choice = discovery.discover();

        assertThat(choice.source()).isEqualTo(CameraSource.LIBCAMERA);
        assertThat(choice.from()).isSameAs(libcamera);
        assertThat(choice.reason()).contains("LIBCAMERA found 1 camera(s), first imx708 (/base/imx708)");
    }

    @Test
    void v4l2WinsWhenLibcameraIsUnavailableAndSaysWhy() {
        libcamera.unavailable("shim not loaded");
        v4l2.plug("/dev/video0", "Logitech BRIO");

        CameraChoice choice = discovery.discover();

        assertThat(choice.source()).isEqualTo(CameraSource.V4L2);
        assertThat(choice.cameras()).extracting(CameraInfo::id).containsExactly("/dev/video0");
        assertThat(choice.reason()).contains("LIBCAMERA found none (shim not loaded)").contains("V4L2 found 1");
    }

    @Test
    void testPatternWinsWhenNoRealCameraExists() {
        CameraChoice choice = discovery.discover();

        assertThat(choice.source()).isEqualTo(CameraSource.TEST);
        assertThat(choice.cameras()).extracting(CameraInfo::id).containsExactly(SimulatedCameras.TEST_CAMERA_ID);
        assertThat(choice.reason()).endsWith("because no real camera was found");
    }

    @Test
    void emptyFallbackIsAConfigurationError() {
        CameraDiscovery broken = new CameraDiscovery(List.of(libcamera), new FakeCameras(CameraSource.TEST));

        assertThatThrownBy(broken::discover).isInstanceOf(CameraException.class).hasMessageContaining("SimulatedCameras");
    }

    @Test
    void simulatedCameraRecordsControlsAndRejectsUnknownIds() {
        SimulatedCameras simulated = new SimulatedCameras();

        simulated.setControl(SimulatedCameras.TEST_CAMERA_ID, new CameraControl.Brightness(0.25));

        assertThat(simulated.appliedControls()).containsExactly(new CameraControl.Brightness(0.25));
        assertThatThrownBy(() -> simulated.setControl("cam9", new CameraControl.Brightness(0)))
                .hasMessageContaining("'cam9'").hasMessageContaining("test-pattern");
    }
}

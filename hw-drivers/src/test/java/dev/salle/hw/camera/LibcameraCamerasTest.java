package dev.salle.hw.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.RealDependency;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LibcameraCamerasTest {

    private static final Path LIBCAMERA_HEADER = Path.of("/usr/include/libcamera/libcamera/camera_manager.h");

    private LibcameraCameras cameras;

    @AfterEach
    void closeCameras() {
        if (cameras != null) {
            cameras.close();
        }
    }

    private void requireShim() {
        RealDependency.require(Files.exists(LIBCAMERA_HEADER),
                "libcamera headers, so the build makes the libcamera shim (Debian package libcamera-dev)");
        cameras = LibcameraCameras.load();
    }

    @Test
    void shimBuiltHereLoadsAndListsNoCamerasOnAMachineWithout() {
        requireShim();

        assertThat(cameras.unavailableReason()).isEmpty();
        assertThat(cameras.available()).isTrue();
        assertThat(cameras.libcameraVersion()).hasValueSatisfying(v -> assertThat(v).startsWith("v0."));
        assertThat(cameras.list()).isEmpty();
    }

    @Test
    void settingAControlOnAnUnknownCameraSaysWhichAndWhatToDo() {
        requireShim();

        assertThatThrownBy(() -> cameras.setControl("/base/nowhere", new CameraControl.Brightness(0.2)))
                .isInstanceOf(CameraException.class)
                .hasMessageContaining("'/base/nowhere'")
                .hasMessageContaining("call list()");
        assertThat(cameras.pendingControls("/base/nowhere")).isZero();
    }

    @Test
    void missingShimLibraryMakesTheSourceUnavailableWithoutThrowing() {
        cameras = LibcameraCameras.load("salle_no_such_shim");

        assertThat(cameras.available()).isFalse();
        assertThat(cameras.unavailableReason()).hasValueSatisfying(r ->
                assertThat(r).contains("libsalle_no_such_shim.so").contains("libcamera-dev"));
        assertThat(cameras.list()).isEmpty();
        assertThatThrownBy(() -> cameras.setControl("any", new CameraControl.Brightness(0)))
                .isInstanceOf(CameraException.class)
                .hasMessageContaining("could not be loaded");
    }

    @Test
    void closedCamerasListNothing() {
        requireShim();

        cameras.close();

        assertThat(cameras.list()).isEmpty();
        assertThat(cameras.unavailableReason()).contains("closed");
    }
}

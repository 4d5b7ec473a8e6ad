package dev.salle.hw.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V4l2CamerasTest {

    @TempDir
    Path root;

    private void node(String node, String name, String index) throws IOException {
        Path dir = Files.createDirectories(root.resolve(node));
        if (name != null) {
            Files.writeString(dir.resolve("name"), name + "\n");
        }
        if (index != null) {
            Files.writeString(dir.resolve("index"), index + "\n");
        }
    }

    @Test
    void listsCaptureNodesInNumericOrderWithDevicePaths() throws IOException {
        node("video10", "USB Camera B", "0");
        node("video2", "HD Pro Webcam C920", "0");
        node("video3", "HD Pro Webcam C920", "1");

        assertThat(new V4l2Cameras(root).list())
                .extracting(CameraInfo::id, CameraInfo::model, CameraInfo::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/dev/video2", "HD Pro Webcam C920", CameraSource.V4L2),
                        org.assertj.core.groups.Tuple.tuple("/dev/video10", "USB Camera B", CameraSource.V4L2));
    }

    @Test
    void leavesOutPiCodecIspAndNamelessNodes() throws IOException {
        node("video0", "unicam-image", null);
        node("video10", "bcm2835-codec-decode", null);
        node("video13", "bcm2835-isp", null);
        node("video20", null, null);
        node("media0", "not a video node", null);

        assertThat(new V4l2Cameras(root).list()).isEmpty();
    }

    @Test
    void missingSysfsDirectoryListsNothingAndSaysWhy() {
        V4l2Cameras cameras = new V4l2Cameras(root.resolve("absent"));

        assertThat(cameras.list()).isEmpty();
        assertThat(cameras.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("absent"));
    }

    @Test
    void controlsOnUnknownDevicesNameTheDevice() throws IOException {
        node("video0", "Webcam", "0");
        V4l2Cameras cameras = new V4l2Cameras(root);

        assertThatThrownBy(() -> cameras.setControl("/dev/video7", new CameraControl.Brightness(0)))
                .isInstanceOf(CameraException.class).hasMessageContaining("'/dev/video7'");
        assertThatThrownBy(() -> cameras.setControl("/dev/video0", new CameraControl.Brightness(0)))
                .isInstanceOf(CameraException.class).hasMessageContaining("not implemented yet");
    }
}

package dev.salle.hw.camera;

import java.util.ArrayList;
import java.util.List;

/**
 * One test-pattern camera, for running the device on a PC (the media pipeline uses GStreamer's
 * {@code videotestsrc}). Controls are validated and recorded so the device page can show them.
 */
public final class SimulatedCameras implements Cameras {

    /** The simulated camera's id. */
    public static final String TEST_CAMERA_ID = "test-pattern";

    private static final CameraInfo TEST_CAMERA = new CameraInfo(TEST_CAMERA_ID, "Salle test pattern",
            CameraLocation.FRONT, List.of("I420", "YUY2"),
            List.of(new FrameSize(1920, 1080), new FrameSize(1280, 720), new FrameSize(640, 360)), CameraSource.TEST);

    private final List<CameraControl> applied = new ArrayList<>();

    @Override
    public CameraSource source() {
        return CameraSource.TEST;
    }

    @Override
    public List<CameraInfo> list() {
        return List.of(TEST_CAMERA);
    }

    @Override
    public synchronized void setControl(String cameraId, CameraControl control) {
        if (!TEST_CAMERA_ID.equals(cameraId)) {
            throw new CameraException("no simulated camera has id '" + cameraId + "'; the only one is '"
                    + TEST_CAMERA_ID + "'");
        }
        applied.add(java.util.Objects.requireNonNull(control, "camera control is null"));
    }

    /** Every control set so far, oldest first. */
    public synchronized List<CameraControl> appliedControls() {
        return List.copyOf(applied);
    }
}

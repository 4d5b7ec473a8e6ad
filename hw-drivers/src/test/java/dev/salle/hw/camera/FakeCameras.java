package dev.salle.hw.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A camera source whose cameras and availability the test sets. */
final class FakeCameras implements Cameras {

    private final CameraSource source;
    private final List<CameraInfo> cameras = new ArrayList<>();
    private String unavailable;

    FakeCameras(CameraSource source) {
        this.source = source;
    }

    FakeCameras plug(String id, String model) {
        cameras.add(new CameraInfo(id, model, CameraLocation.EXTERNAL, List.of(), List.of(), source));
        return this;
    }

    FakeCameras unavailable(String reason) {
        unavailable = reason;
        return this;
    }

    @Override public CameraSource source() { return source; }
    @Override public List<CameraInfo> list() { return unavailable == null ? List.copyOf(cameras) : List.of(); }
    @Override public Optional<String> unavailableReason() { return Optional.ofNullable(unavailable); }
    @Override public void setControl(String cameraId, CameraControl control) {
        throw new CameraException("FakeCameras takes no controls");
    }
}

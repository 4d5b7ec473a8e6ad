package dev.salle.hw.camera;

import java.util.List;
import java.util.Objects;

/**
 * One camera as its source describes it.
 *
 * @param id the id to pass to {@link Cameras#setControl}: libcamera's camera id, the V4L2 device
 *     path ({@code /dev/video0}), or {@code test-pattern}
 * @param model the model name, empty when unknown
 * @param location where it sits
 * @param pixelFormats the pixel formats it can deliver (libcamera/FourCC names such as {@code YUYV}), may be empty
 * @param sizes the frame sizes it can deliver, largest first where known, may be empty
 * @param source where it was found
 */
public record CameraInfo(String id, String model, CameraLocation location, List<String> pixelFormats,
        List<FrameSize> sizes, CameraSource source) {

    public CameraInfo {
        Objects.requireNonNull(id, "camera id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("camera id is blank; every camera needs an id");
        }
        model = model == null ? "" : model;
        location = location == null ? CameraLocation.UNKNOWN : location;
        pixelFormats = List.copyOf(pixelFormats);
        sizes = List.copyOf(sizes);
        Objects.requireNonNull(source, "camera source");
    }
}

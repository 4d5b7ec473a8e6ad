package dev.salle.hw.camera;

import java.util.List;

/**
 * What {@link CameraDiscovery} picked.
 *
 * @param source the source that won; {@link CameraSource#TEST} when no real camera was found
 * @param cameras the cameras of that source, never empty
 * @param from the implementation to set controls through
 * @param reason one line on what each source found and why this one won, for logs and the device page
 */
public record CameraChoice(CameraSource source, List<CameraInfo> cameras, Cameras from, String reason) {

    public CameraChoice {
        cameras = List.copyOf(cameras);
    }
}

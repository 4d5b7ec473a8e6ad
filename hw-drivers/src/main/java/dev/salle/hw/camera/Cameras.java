package dev.salle.hw.camera;

import java.util.List;
import java.util.Optional;

/**
 * The cameras one source can see, and their controls.
 *
 * <p>Contract: {@link #list()} never throws for a missing or broken source; it returns an empty
 * list and {@link #unavailableReason()} says why. {@link #setControl} applies a control to a
 * listed camera, or throws {@link CameraException} naming the camera and the problem (unknown id,
 * unsupported control, value out of the camera's range) and changes nothing.
 *
 * <p>Threading: implementations are safe to call from any thread; calls may block briefly on
 * the file system or native library. No callbacks.
 */
public interface Cameras extends AutoCloseable {

    /** The source this implementation reads. */
    CameraSource source();

    /** The cameras present now; empty when none (or the source is unavailable). */
    List<CameraInfo> list();

    /**
     * Sets a control on a camera.
     *
     * @throws CameraException when the camera is unknown, or the control or value is not supported
     */
    void setControl(String cameraId, CameraControl control);

    /** Why this source cannot list cameras at all, if it cannot. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** Releases native resources, if any. Idempotent. */
    @Override
    default void close() {
    }
}

package dev.salle.hw.camera;

/** A camera operation failed; the message says which camera, what failed and what to do. */
public final class CameraException extends RuntimeException {

    public CameraException(String message) {
        super(message);
    }

    public CameraException(String message, Throwable cause) {
        super(message, cause);
    }
}

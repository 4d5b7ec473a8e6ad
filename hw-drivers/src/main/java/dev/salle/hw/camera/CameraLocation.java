package dev.salle.hw.camera;

/** Where a camera sits relative to the device, as its driver reports it. */
public enum CameraLocation {
    FRONT, BACK, EXTERNAL, UNKNOWN
}

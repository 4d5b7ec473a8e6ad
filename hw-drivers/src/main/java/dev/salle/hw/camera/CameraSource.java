package dev.salle.hw.camera;

/** Where a camera comes from, which also decides the GStreamer source element the device uses. */
public enum CameraSource {
    /** A camera found by libcamera (the Pi's CSI cameras, and UVC through libcamera): {@code libcamerasrc}. */
    LIBCAMERA,
    /** A V4L2 capture device, usually a UVC webcam: {@code v4l2src device=/dev/videoN}. */
    V4L2,
    /** No real camera: {@code videotestsrc}. */
    TEST
}

/**
 * Cameras: a role ({@link dev.salle.hw.camera.Cameras}) to list cameras and set their controls,
 * implementations over libcamera (through a small C shim and JNA), V4L2 (sysfs), and a simulated
 * test-pattern camera, and {@link dev.salle.hw.camera.CameraDiscovery}, which picks the first
 * source that has a camera: libcamera, then V4L2, then the GStreamer test source.
 */
package dev.salle.hw.camera;

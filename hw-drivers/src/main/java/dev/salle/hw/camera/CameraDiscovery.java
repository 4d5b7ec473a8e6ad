package dev.salle.hw.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Picks the camera source: the first of the given sources that lists at least one camera, and
 * otherwise the simulated test-pattern camera (so the device always has video). The usual order
 * is libcamera, then V4L2 ({@link #standard()}).
 *
 * <p>Threading: {@link #discover()} calls each source's {@code list()} on the caller's thread; call
 * it again after a hot-plug to pick again. The sources belong to the caller.
 */
public final class CameraDiscovery {

    private final List<Cameras> sources;
    private final Cameras fallback;

    /** Tries {@code sources} in order, then {@code fallback} (which must list a camera). */
    public CameraDiscovery(List<Cameras> sources, Cameras fallback) {
        this.sources = List.copyOf(sources);
        this.fallback = Objects.requireNonNull(fallback, "fallback cameras");
    }

    /** libcamera (the shim built with this module), then the machine's V4L2 devices, then a test pattern. */
    public static CameraDiscovery standard() {
        return new CameraDiscovery(List.of(LibcameraCameras.load(), V4l2Cameras.system()), new SimulatedCameras());
    }

    public CameraChoice discover() {
        List<String> notes = new ArrayList<>();
        for (Cameras source : sources) {
            List<CameraInfo> found = source.list();
            if (!found.isEmpty()) {
                notes.add(source.source() + " found " + found.size() + " camera(s), first " + label(found.get(0)));
                return new CameraChoice(source.source(), found, source, String.join("; ", notes));
            }
            notes.add(source.source() + " found none"
                    + source.unavailableReason().map(r -> " (" + r + ")").orElse(""));
        }
        List<CameraInfo> test = fallback.list();
        if (test.isEmpty()) {
            throw new CameraException("the fallback camera source " + fallback.source()
                    + " lists no camera; give CameraDiscovery a fallback that always has one (SimulatedCameras)");
        }
        notes.add("using " + fallback.source() + " camera " + label(test.get(0)) + " because no real camera was found");
        return new CameraChoice(fallback.source(), test, fallback, String.join("; ", notes));
    }

    private static String label(CameraInfo camera) {
        return camera.model().isEmpty() ? camera.id() : camera.model() + " (" + camera.id() + ")";
    }
}

package dev.salle.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards tests that need a real part of the machine (a GStreamer element, Mosquitto, Chromium,
 * libcamera headers).
 *
 * <p>On a developer's machine a missing part skips the test with a message that names it. With
 * {@code CI=true} in the environment a missing part fails the test instead: CI must never go green
 * by skipping.
 */
public final class RealDependency {

    private RealDependency() {}

    /** True when the {@code CI} environment variable is {@code true}. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Requires a real part of the machine.
     *
     * @param available whether the part is there
     * @param what what is missing and how to get it, e.g. "GStreamer element x264enc (Debian package gstreamer1.0-plugins-ugly)"
     */
    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        String message = "missing real dependency: " + what + " (./salle test installs it)";
        if (onCi()) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** True when an executable of that name is on the PATH. */
    public static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}

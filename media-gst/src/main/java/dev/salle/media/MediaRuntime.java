package dev.salle.media;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/**
 * Initialises GStreamer once per process. Safe to call from many threads and many tests; every
 * pipeline constructor calls it, so callers rarely need to.
 */
public final class MediaRuntime {

    /** The oldest GStreamer API this code asks gst1-java-core for. */
    public static final Version REQUIRED_API = Version.of(1, 16);

    private MediaRuntime() {}

    /** Calls {@code Gst.init(1.16, "salle")} unless GStreamer is already initialised. */
    public static synchronized void ensureInitialised() {
        if (!Gst.isInitialized()) {
            Gst.init(REQUIRED_API, "salle");
        }
    }
}

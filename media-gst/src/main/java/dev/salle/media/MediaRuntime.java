package dev.salle.media;

import java.util.List;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/**
 * Initialises GStreamer once per process. Safe to call from many threads and many tests; every
 * pipeline constructor calls it, so callers rarely need to.
 *
 * <p>GStreamer's segmentation-fault trap is off ({@link #INIT_OPTIONS}): while it loads a plugin
 * it installs its own SIGSEGV handler, but the JVM raises SIGSEGV on purpose (safepoint polls,
 * implicit null checks) on other threads, so a plugin loaded lazily by a running JVM (libgstlibav
 * when the first remote video opens) could be reported as a crash and end the process ("Caught a
 * segmentation fault while loading plugin file"; seen in the device-app suite).
 */
public final class MediaRuntime {

    /** The oldest GStreamer API this code asks gst1-java-core for. */
    public static final Version REQUIRED_API = Version.of(1, 16);
    /** Options passed to {@code gst_init}. */
    public static final List<String> INIT_OPTIONS = List.of("--gst-disable-segtrap");

    private static List<String> unrecognised = List.of();

    private MediaRuntime() {}

    /** Calls {@code Gst.init(1.16, "salle", INIT_OPTIONS)} unless GStreamer is already initialised. */
    public static synchronized void ensureInitialised() {
        if (!Gst.isInitialized()) {
            unrecognised = List.of(Gst.init(REQUIRED_API, "salle", INIT_OPTIONS.toArray(String[]::new)));
        }
    }

    /** The {@link #INIT_OPTIONS} GStreamer did not take when this class initialised it (none expected). */
    public static synchronized List<String> unrecognisedOptions() {
        return unrecognised;
    }
}

package dev.salle.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.freedesktop.gstreamer.Gst;
import org.junit.jupiter.api.Test;

class MediaRuntimeTest {

    /** The one libgstreamer call this test needs that gst1-java-core does not bind. */
    private interface SegTrap extends Library {
        boolean gst_segtrap_is_enabled();
    }

    @Test
    void gstreamerRunsWithItsSegfaultTrapOff() {
        MediaRuntime.ensureInitialised();

        assertThat(Gst.isInitialized()).isTrue();
        assertThat(MediaRuntime.unrecognisedOptions()).as("options gst_init left unparsed").isEmpty();
        // what the option is for: GStreamer itself says its SIGSEGV handler stays out of the JVM's way
        assertThat(gstreamer().gst_segtrap_is_enabled()).as("GStreamer's segfault trap").isFalse();
    }

    private static SegTrap gstreamer() {
        try {
            return Native.load("gstreamer-1.0", SegTrap.class);
        } catch (UnsatisfiedLinkError e) {
            return Native.load("libgstreamer-1.0.so.0", SegTrap.class); // without the -dev package's symlink
        }
    }
}

package dev.salle.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.freedesktop.gstreamer.Gst;
import org.junit.jupiter.api.Test;

class MediaRuntimeTest {

    @Test
    void gstreamerTakesTheOptionThatTurnsItsSegfaultTrapOff() {
        MediaRuntime.ensureInitialised();

        assertThat(Gst.isInitialized()).isTrue();
        assertThat(MediaRuntime.INIT_OPTIONS).contains("--gst-disable-segtrap");
        assertThat(MediaRuntime.unrecognisedOptions()).as("options gst_init left unparsed").isEmpty();
    }
}

package dev.salle.media.elements;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.testkit.RealDependency;
import org.junit.jupiter.api.Test;

class GstElementRegistryTest {

    @Test
    void realRegistryKnowsCoreElementsAndNotInventedOnes() {
        GstElementRegistry registry = new GstElementRegistry();

        assertThat(registry.has("fakesink")).isTrue();
        assertThat(registry.has("salle-no-such-element")).isFalse();
    }

    @Test
    void thisMachineHasEveryRequiredElementAndAnEncoder() {
        GstElementRegistry registry = new GstElementRegistry();
        for (String element : RequiredElements.ALL) {
            RealDependency.require(registry.has(element), "GStreamer element " + ElementPackages.describe(element));
        }
        RealDependency.require(registry.has("x264enc") || registry.has("openh264enc"),
                "a software H.264 encoder: " + ElementPackages.describe("x264enc"));

        MediaElements chosen = new ElementChooser(registry).chooseAll(MediaHostConfig.headless());

        assertThat(H264Encoder.factoryNamesInOrder()).contains(chosen.videoEncoder().factoryName());
        assertThat(chosen.videoSource().factoryName()).isEqualTo("videotestsrc");
        assertThat(chosen.videoSink().factoryName()).isEqualTo("appsink");
    }
}

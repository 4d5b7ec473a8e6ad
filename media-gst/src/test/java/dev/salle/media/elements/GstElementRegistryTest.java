package dev.salle.media.elements;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GstElementRegistryTest {

    @Test
    void realRegistryKnowsCoreElementsAndNotInventedOnes() {
        GstElementRegistry registry = new GstElementRegistry();

        assertThat(registry.has("fakesink")).isTrue();
        assertThat(registry.has("salle-no-such-element")).isFalse();
    }
}

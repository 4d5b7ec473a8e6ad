package dev.salle.bridge.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bridge.sfu.LayerSelector.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerSelectorTest {

    private static final List<Layer> LAYERS = List.of(new Layer(2, 1280, 720), new Layer(0, 320, 180), new Layer(1, 640, 360));

    @Test
    void smallestLayerThatFillsTheTileIsChosen() {
        assertThat(LayerSelector.choose(LAYERS, 300, 170, false)).isZero();
        assertThat(LayerSelector.choose(LAYERS, 480, 270, false)).isEqualTo(1);
        assertThat(LayerSelector.choose(LAYERS, 1280, 720, false)).isEqualTo(2);
    }

    @Test
    void tileLargerThanEveryLayerGetsTheLargest() {
        assertThat(LayerSelector.choose(LAYERS, 1920, 1080, false)).isEqualTo(2);
    }

    @Test
    void pausedTrackGetsNoLayer() {
        assertThat(LayerSelector.choose(LAYERS, 640, 360, true)).isEqualTo(-1);
        assertThat(LayerSelector.choose(List.of(), 640, 360, false)).isEqualTo(-1);
    }

    @Test
    void layerMustBeSensible() {
        assertThatThrownBy(() -> new Layer(3, 10, 10)).hasMessageContaining("index 0..2");
        assertThatThrownBy(() -> new Layer(0, 0, 10)).hasMessageContaining("positive size");
    }
}

package dev.salle.fleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerResolutionTest {

    private static LayeredValue v(String scope, String key, String value) {
        return new LayeredValue(key, value, ConfigScope.parse(scope), Instant.EPOCH, "test");
    }

    private final List<LayeredValue> layers = List.of(
            v("device=salle-1", "call.join-timeout", "40s"),
            v("room=Lyon/Marianne", "call.join-timeout", "30s"),
            v("room=Lyon/Marianne", "call.meeting", "https://visio.example/abc-defg-hij"),
            v("site=Lyon", "call.error-hold", "4s"),
            v("site=Lyon", "call.join-timeout", "25s"),
            v("org", "call.join-timeout", "20s"),
            v("org", "call.error-hold", "8s"),
            v("site=Paris", "call.error-hold", "2s"),
            v("room=Paris/Marianne", "call.meeting", "https://visio.example/xyz-abcd-efg"));

    @Test
    void theNarrowestLayerWinsAndSaysWhereItComesFrom() {
        Map<String, LayeredValue> one = LayerResolution.effective(layers, "salle-1", Optional.of("Lyon"), Optional.of("Marianne"));

        assertThat(one.get("call.join-timeout").value()).isEqualTo("40s");
        assertThat(one.get("call.join-timeout").scope()).hasToString("device=salle-1");
        assertThat(one.get("call.meeting").scope()).hasToString("room=Lyon/Marianne");
        assertThat(one.get("call.error-hold").scope()).hasToString("site=Lyon");
        assertThat(one.keySet()).containsExactly("call.error-hold", "call.join-timeout", "call.meeting");
    }

    @Test
    void aRoomOfTheSameNameOnAnotherSiteIsAnotherRoom() {
        Map<String, LayeredValue> paris = LayerResolution.effective(layers, "salle-2", Optional.of("Paris"), Optional.of("Marianne"));
        Map<String, LayeredValue> nowhere = LayerResolution.effective(layers, "salle-3", Optional.empty(), Optional.of("Marianne"));

        assertThat(LayerResolution.values(paris)).containsEntry("call.meeting", "https://visio.example/xyz-abcd-efg")
                .containsEntry("call.error-hold", "2s").containsEntry("call.join-timeout", "20s");
        assertThat(LayerResolution.values(nowhere)).containsOnly(Map.entry("call.join-timeout", "20s"), Map.entry("call.error-hold", "8s"));
    }

    @Test
    void aKeyNoLayerSetsAnyMoreGoesBackToItsDefault() {
        Map<String, String> changes = LayerResolution.changes(Map.of("call.join-timeout", "30s"),
                Map.of("call.join-timeout", "20s", "call.error-hold", "4s", "no.such.key", "x"));

        assertThat(changes).containsExactly(Map.entry("call.join-timeout", "30s"), Map.entry("call.error-hold", "10s"));
    }

    @Test
    void theHashIsStableAndOrderFree() {
        String a = LayerResolution.hash(Map.of("a", "1", "b", "2"));
        String b = LayerResolution.hash(new java.util.LinkedHashMap<>(Map.of("b", "2", "a", "1")));

        assertThat(a).isEqualTo(b).hasSize(16);
        assertThat(LayerResolution.hash(Map.of("a", "12"))).isNotEqualTo(LayerResolution.hash(Map.of("a", "1", "2", "")));
        assertThat(LayerResolution.hash(Map.of())).isEqualTo(DeviceConfigStatus.NONE.appliedHash());
    }
}

package dev.salle.fleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.fleet.registry.DeviceRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLayersTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final String url = "jdbc:h2:mem:layers-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    private final DeviceRegistry registry = DeviceRegistry.open(url, "sa", "");
    private final ConfigLayers layers = new ConfigLayers(url, "sa", "");

    @AfterEach
    void close() {
        layers.close();
        registry.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key            | org         | call.colour          | blue  | 'call.colour' is not a device setting
            local-only key         | org         | fleet.broker         | mqtts://x:8883 | can only be set in the device's own config file
            secret key             | org         | page.pin             | 123456 | can only be set in the device's own config file
            room name for a site   | site=Lyon   | device.room          | Salle A | only a device's own layer
            site for the org       | org         | device.site          | Lyon  | only a device's own layer
            bad duration           | org         | call.join-timeout    | forever | config key 'call.join-timeout' has the value 'forever'
            out of range           | site=Lyon   | media.video.fps      | 500   | 'media.video.fps'
            """)
    void badValuesAreRefusedNamingTheKeyAndNothingIsStored(String what, String scope, String key, String value, String message) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("call.error-hold", "4s"); // a good value in the same change
        values.put(key, value);

        assertThatThrownBy(() -> layers.set(ConfigScope.parse(scope), values, "alice", NOW))
                .isInstanceOf(LayerRefusedException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((LayerRefusedException) e).key()).isEqualTo(key));
        assertThat(layers.all()).isEmpty();
    }

    @Test
    void overlongValuesAreRefused() {
        assertThatThrownBy(() -> layers.set(ConfigScope.ORG, Map.of("call.meeting", "https://visio.example/" + "a".repeat(3000)),
                "alice", NOW)).isInstanceOf(LayerRefusedException.class).hasMessageContaining("at most 2048 characters");
    }

    @Test
    void aDeviceLayerMayRenameItsRoom() {
        layers.set(ConfigScope.device("salle-1"), Map.of("device.room", "Salle Marianne"), "alice", NOW);

        assertThat(layers.all()).singleElement().satisfies(v -> {
            assertThat(v.scope()).hasToString("device=salle-1");
            assertThat(v.updatedBy()).isEqualTo("alice");
            assertThat(v.updatedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void setReplacesAndUnsetRemovesOnlyWhatTheLayerHolds() {
        ConfigScope lyon = ConfigScope.site("Lyon");
        layers.set(lyon, Map.of("call.error-hold", "4s", "call.join-timeout", "25s"), "alice", NOW);
        layers.set(lyon, Map.of("call.error-hold", "5s"), "bob", NOW.plusSeconds(60));
        layers.set(ConfigScope.ORG, Map.of("call.error-hold", "8s"), "alice", NOW);

        List<String> removed = layers.unset(lyon, List.of("call.join-timeout", "call.meeting"));

        assertThat(removed).containsExactly("call.join-timeout");
        assertThat(layers.all()).extracting(v -> v.scope() + " " + v.key() + "=" + v.value() + " by " + v.updatedBy())
                .containsExactlyInAnyOrder("org call.error-hold=8s by alice", "site=Lyon call.error-hold=5s by bob");
    }

    @Test
    void whatADeviceAcceptedOrRefusedIsKept() {
        Map<String, String> values = Map.of("call.error-hold", "4s");
        assertThat(layers.status("salle-1")).isEqualTo(DeviceConfigStatus.NONE);

        layers.recordApplied("salle-1", values, NOW);
        layers.recordError("salle-1", "abcdef0123456789", "invalid-argument: call.meeting is not allowed here", NOW.plusSeconds(5));

        DeviceConfigStatus status = layers.status("salle-1");
        assertThat(status.applied()).isEqualTo(values);
        assertThat(status.appliedHash()).isEqualTo(LayerResolution.hash(values));
        assertThat(status.appliedAt()).contains(NOW);
        assertThat(status.error()).contains("invalid-argument: call.meeting is not allowed here");
        assertThat(status.errorHash()).contains("abcdef0123456789");
        assertThat(layers.statuses()).containsOnlyKeys("salle-1");

        layers.recordApplied("salle-1", Map.of(), NOW.plusSeconds(10));
        assertThat(layers.status("salle-1").error()).isEmpty();
    }
}

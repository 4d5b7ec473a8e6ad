package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @Test
    void fleetChangeIsSavedToTheFileAndMadeCurrent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("salle.conf");
        Files.writeString(file, "device.room = A\n");
        ConfigStore store = new ConfigStore(DeviceConfig.load(file, "h"), Optional.of(file), "h");
        List<DeviceConfig> seen = new ArrayList<>();
        store.addListener(seen::add);

        List<String> restart = store.applyFleetChanges(Map.of("device.room", "Salle Marianne", "media.video.width", "640"));

        assertThat(store.current().identity().room()).isEqualTo("Salle Marianne");
        assertThat(restart).containsExactly("media.video.width");
        assertThat(DeviceConfig.load(file, "h").identity().room()).isEqualTo("Salle Marianne");
        assertThat(seen).hasSize(1);
    }

    @Test
    void refusedChangeLeavesTheFileAndTheCurrentConfigAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("salle.conf");
        Files.writeString(file, "device.room = A\n");
        ConfigStore store = new ConfigStore(DeviceConfig.load(file, "h"), Optional.of(file), "h");

        assertThatThrownBy(() -> store.applyFleetChanges(Map.of("device.room", "B", "page.port", "80")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'page.port'");

        assertThat(store.current().identity().room()).isEqualTo("A");
        assertThat(Files.readString(file)).isEqualTo("device.room = A\n");
    }
}

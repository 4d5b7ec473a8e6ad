package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import dev.salle.settings.DeviceSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValuesTest {

    @Test
    void defaultsApplyWhenTheFileSetsNothing() {
        DeviceConfig config = DeviceConfig.of(Map.of(), "room-pc");

        assertThat(config.identity().deviceId()).isEqualTo("salle-room-pc");
        assertThat(config.call().joinTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.media().videoWidth()).isEqualTo(1280);
        assertThat(config.page().bind()).isEqualTo("127.0.0.1");
        assertThat(config.gpio().longPress()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void fileValuesAreParsedWithTheirUnits() {
        Map<String, String> file = ConfigFile.parse("""
                # a room
                device.room = Salle Marianne
                call.join-timeout = 1500ms
                fleet.telemetry-interval = 2m
                media.video.width = 640
                """, "salle.conf");

        DeviceConfig config = DeviceConfig.of(file, "h");

        assertThat(config.identity().room()).isEqualTo("Salle Marianne");
        assertThat(config.call().joinTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.fleet().telemetryInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.media().videoWidth()).isEqualTo(640);
    }

    @Test
    void provisioningNeedsTrustAnchorsAndTheDataFolderMustBeAbsolute() {
        assertThatThrownBy(() -> ConfigValues.of(Map.of("provisioning.enabled", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("provisioning.trust-anchors").hasMessageContaining("forged");
        assertThatThrownBy(() -> ConfigValues.of(Map.of("device.data-dir", "relative/dir")))
                .hasMessageContaining("absolute path");

        DeviceConfig config = DeviceConfig.of(Map.of("provisioning.enabled", "true",
                "provisioning.trust-anchors", "/etc/salle/provisioning.pem", "device.data-dir", "/data/salle"), "h");
        assertThat(config.provisioning().enabled()).isTrue();
        assertThat(config.provisioning().dataDir()).isEqualTo(java.nio.file.Path.of("/data/salle"));
    }

    @Test
    void unknownKeyIsRefusedWithASuggestion() {
        assertThatThrownBy(() -> ConfigValues.of(Map.of("call.join-timout", "5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key 'call.join-timout'")
                .hasMessageContaining("did you mean 'call.join-timeout'");
    }

    @Test
    void badValueNamesTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> ConfigValues.of(Map.of("media.video.width", "wide")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'media.video.width'")
                .hasMessageContaining("'wide'")
                .hasMessageContaining("an integer from 160 to 1920")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("media.video.width");
    }

    @Test
    void durationWithoutAUnitIsRefused() {
        assertThatThrownBy(() -> ConfigValues.of(Map.of("call.join-timeout", "20")))
                .hasMessageContaining("a duration with a unit");
    }

    @Test
    void outOfRangeDurationIsRefused() {
        assertThatThrownBy(() -> ConfigValues.of(Map.of("call.join-timeout", "2h")))
                .hasMessageContaining("from 1s to 5m");
    }

    @Test
    void malformedLineNamesItsLineNumber() {
        assertThatThrownBy(() -> ConfigFile.parse("device.room = A\nthis is not a setting\n", "salle.conf"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("salle.conf line 2");
    }

    @Test
    void keySetTwiceIsRefused() {
        assertThatThrownBy(() -> ConfigFile.parse("device.room = A\ndevice.room = B\n", "salle.conf"))
                .hasMessageContaining("set twice");
    }

    @Test
    void meetingMustBeAUrlOrLocal() {
        assertThat(ConfigValues.of(Map.of("call.meeting", "https://visio.example/abc-defg-hij")).get(DeviceSettings.MEETING))
                .isEqualTo("https://visio.example/abc-defg-hij");
        assertThatThrownBy(() -> ConfigValues.of(Map.of("call.meeting", "javascript:alert(1)")))
                .hasMessageContaining("'call.meeting'");
    }

    @Test
    void controlCharactersInTextAreRefused() {
        assertThatThrownBy(() -> ConfigValues.of(Map.of("device.room", "A\u0000B")))
                .hasMessageContaining("'device.room'");
    }

    @Test
    void fleetMayChangeFleetSettingsButTheOldValuesSurviveARefusal() {
        ConfigValues before = ConfigValues.of(Map.of("device.room", "A"));

        ConfigValues after = before.withFleetChanges(Map.of("device.room", "B"));
        assertThat(after.get(DeviceSettings.ROOM)).isEqualTo("B");

        assertThatThrownBy(() -> before.withFleetChanges(Map.of("device.room", "C", "fleet.broker", "tcp://evil:1883")))
                .hasMessageContaining("'fleet.broker' can only be changed in the device's own config file");
        assertThatThrownBy(() -> before.withFleetChanges(Map.of("device.room", "C", "call.error-hold", "forever")))
                .hasMessageContaining("'call.error-hold'");
        assertThat(before.get(DeviceSettings.ROOM)).isEqualTo("A");
    }

    @Test
    void describeTellsWhereEachValueComesFrom() {
        var described = ConfigValues.of(Map.of("device.room", "A")).describe();

        assertThat(described.get("device.room")).containsEntry("value", "A").containsEntry("source", "file");
        assertThat(described.get("call.join-timeout")).containsEntry("value", "20s").containsEntry("source", "default");
        assertThat(described).hasSize(DeviceSettings.ALL.size());
    }

    @Test
    void savedFileReadsBackTheSameAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("salle.conf");
        ConfigValues values = ConfigValues.of(Map.of("device.room", "Salle Marianne", "call.join-timeout", "7s"));

        ConfigFile.saveAtomically(file, values.explicit());

        assertThat(ConfigValues.of(ConfigFile.load(file)).explicit()).isEqualTo(values.explicit());
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void missingFileSaysWhichFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("nope.conf")))
                .hasMessageContaining("nope.conf").hasMessageContaining("--config");
    }

    @Test
    void deviceIdIsDerivedFromAMessyHostName() {
        assertThat(DeviceConfig.defaultDeviceId("Salle_Marianne.local")).isEqualTo("salle-salle-marianne-local");
        assertThat(DeviceConfig.defaultDeviceId("___")).isEqualTo("salle-device");
    }
}

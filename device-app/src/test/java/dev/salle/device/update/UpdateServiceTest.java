package dev.salle.device.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bundle.ReleaseKeys;
import dev.salle.device.config.DeviceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which slots {@code update.mechanism} picks; on this machine only the PC's folders can really start. */
class UpdateServiceTest {

    @TempDir
    Path dir;

    @Test
    void directoriesStartOnAPc() throws Exception {
        Optional<UpdateService> service = UpdateService.fromConfig(config("directories"), Optional.empty(), "1.0.0", () -> true,
                () -> { }, (step, details) -> { }, Clock.systemUTC());
        assertThat(service).isPresent();
        service.get().close();
    }

    @Test
    void trybootLooksForThePiImageAndSaysWhatIsMissingOnAnotherSystem() throws Exception {
        DeviceConfig config = config("tryboot");
        assertThat(config.updates().onImage()).isTrue();
        assertThatThrownBy(() -> UpdateService.fromConfig(config, Optional.empty(), "1.0.0", () -> true, () -> { },
                (step, details) -> { }, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("update.mechanism is tryboot");
    }

    private DeviceConfig config(String mechanism) throws Exception {
        Path keys = Files.writeString(dir.resolve("release.pub"), ReleaseKeys.publicPem(ReleaseKeys.generate().getPublic()));
        return DeviceConfig.of(Map.of("update.trust-anchors", keys.toString(), "update.mechanism", mechanism,
                "device.data-dir", dir.resolve("data").toString()), "test-host");
    }
}

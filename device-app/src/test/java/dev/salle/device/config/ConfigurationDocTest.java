package dev.salle.device.config;

import dev.salle.settings.DeviceSettings;
import dev.salle.settings.Setting;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md true: every key with its default, and no key that does not exist. */
class ConfigurationDocTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

        for (Setting<?> s : DeviceSettings.ALL) {
            String shownDefault = s.defaultText().isEmpty() ? "*(empty)*" : "`" + s.defaultText() + "`";
            assertThat(doc).as("docs/configuration.md row for %s", s.key())
                    .contains("| `" + s.key() + "` | " + shownDefault + " |");
        }
        long rows = doc.lines().filter(l -> l.startsWith("| `")).count();
        assertThat(rows).as("rows in the key table").isEqualTo(DeviceSettings.ALL.size());
    }
}

package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import dev.salle.settings.DeviceSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The controller PIN {@code page.pin}: required beyond loopback, checked, and never shown. */
class PagePinConfigTest {

    private static final String PIN = "k7-Qz93x";

    @Test
    void pageOnLoopbackNeedsNoPin() {
        DeviceConfig config = DeviceConfig.of(Map.of("page.bind", "127.0.0.1"), "h");

        assertThat(config.page().pin()).isEmpty();
        assertThat(DeviceSettings.PAGE_PIN.defaultText()).isEmpty();
        assertThat(DeviceSettings.PAGE_PIN.secret()).isTrue();
    }

    @Test
    void pageBeyondLoopbackWithoutAPinFailsNamingTheKey() {
        assertThatThrownBy(() -> DeviceConfig.of(Map.of("page.bind", "0.0.0.0"), "h"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'page.pin'")
                .hasMessageContaining("'0.0.0.0'")
                .hasMessageContaining("at least 6 characters")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("page.pin");
        assertThatThrownBy(() -> DeviceConfig.of(Map.of("page.bind", "192.168.1.20"), "h"))
                .hasMessageContaining("page.pin");
    }

    @Test
    void pageBeyondLoopbackWithAPinIsAccepted() {
        DeviceConfig config = DeviceConfig.of(Map.of("page.bind", "0.0.0.0", "page.pin", PIN), "h");

        assertThat(config.page().pin()).isEqualTo(PIN);
    }

    @Test
    void disabledPageNeedsNoPinWhateverItsBind() {
        assertThat(DeviceConfig.of(Map.of("page.enabled", "false", "page.bind", "0.0.0.0"), "h").page().enabled()).isFalse();
    }

    @Test
    void shortPinFailsNamingTheKeyButNotShowingThePin() {
        assertThatThrownBy(() -> DeviceConfig.of(Map.of("page.pin", "12345"), "h"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'page.pin'")
                .hasMessageContaining("6 to 128 printable ASCII characters")
                .hasMessageNotContaining("12345");
        assertThatThrownBy(() -> DeviceConfig.of(Map.of("page.pin", "with space"), "h"))
                .hasMessageContaining("'page.pin'");
    }

    @Test
    void loopbackIsRecognisedWithoutAskingDns() {
        assertThat(PagePinRule.isLoopback("127.0.0.1")).isTrue();
        assertThat(PagePinRule.isLoopback("127.10.0.254")).isTrue();
        assertThat(PagePinRule.isLoopback("localhost")).isTrue();
        assertThat(PagePinRule.isLoopback("::1")).isTrue();
        assertThat(PagePinRule.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(PagePinRule.isLoopback("0.0.0.0")).isFalse();
        assertThat(PagePinRule.isLoopback("::")).isFalse();
        assertThat(PagePinRule.isLoopback("128.0.0.1")).isFalse();
        assertThat(PagePinRule.isLoopback("127.0.0.256")).isFalse();
        assertThat(PagePinRule.isLoopback("cafe")).isFalse();
    }

    @Test
    void pinIsAbsentFromEveryDump() {
        DeviceConfig config = DeviceConfig.of(Map.of("page.bind", "0.0.0.0", "page.pin", PIN), "h");

        assertThat(config.values().describe().get("page.pin")).containsEntry("value", "(secret)").containsEntry("source", "file");
        assertThat(config.values().describe().toString()).doesNotContain(PIN);
        assertThat(config.toString()).doesNotContain(PIN);
        assertThat(config.page().toString()).doesNotContain(PIN).contains("pin=(secret)");
    }

    @Test
    void fleetCannotChangeThePin() {
        ConfigValues values = ConfigValues.defaults();

        assertThatThrownBy(() -> values.withFleetChanges(Map.of("page.pin", PIN)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'page.pin' can only be changed in the device's own config file")
                .hasMessageNotContaining(PIN);
    }
}

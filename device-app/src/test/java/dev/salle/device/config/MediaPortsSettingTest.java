package dev.salle.device.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.settings.ConfigException;
import dev.salle.settings.UdpPortRange;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code call.media-ports}: empty for any port, or a range of at least two, and the values it refuses. */
class MediaPortsSettingTest {

    @Test
    void emptyIsAnyPortAndARangeIsKeptWithBothEnds() {
        assertThat(DeviceConfig.of(Map.of(), "h").call().mediaPorts()).isEqualTo(UdpPortRange.ANY);
        assertThat(DeviceConfig.of(Map.of("call.media-ports", ""), "h").call().mediaPorts().isAny()).isTrue();
        UdpPortRange range = DeviceConfig.of(Map.of("call.media-ports", "50000-50099"), "h").call().mediaPorts();
        assertThat(range).isEqualTo(new UdpPortRange(50000, 50099));
        assertThat(range.size()).isEqualTo(100);
        assertThat(DeviceConfig.of(Map.of("call.media-ports", " 1024-1025 "), "h").call().mediaPorts().size()).isEqualTo(2);
    }

    @Test
    void aRangeTooSmallBackwardsOutOfBoundsOrNotARangeIsRefusedNamingTheKeyAndWhatIsAllowed() {
        for (String bad : new String[] {"50000", "50000-50000", "50010-50000", "1000-1100", "65535-65536", "0-10",
                "50000-", "-50000", "a-b", "50000 - 50001", "50000:50001", "050000-050001", "99999-99999", "50000-50001,50010-50011"}) {
            assertThatThrownBy(() -> ConfigValues.of(Map.of("call.media-ports", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'call.media-ports'")
                    .hasMessageContaining("at least 2 ports from 1024 to 65535");
        }
    }
}

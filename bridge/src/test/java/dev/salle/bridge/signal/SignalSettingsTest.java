package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bridge.config.BridgeLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignalSettingsTest {

    @Test
    void theDefaultsAreLiveKitsKeepaliveWithTheBridgeLimitsAndAVersion() {
        BridgeLimits limits = new BridgeLimits(10, 7, 4096, 1024);

        SignalSettings s = SignalSettings.from(limits);

        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.pingTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.maxParticipantsPerRoom()).isEqualTo(7);
        assertThat(s.maxSignalMessageBytes()).isEqualTo(4096);
        assertThat(s.serverVersion()).isNotBlank();
    }

    @Test
    void aPingTimeoutNotLongerThanTheIntervalIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new SignalSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 1024, 1, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingTimeout PT5S")
                .hasMessageContaining("pingInterval PT5S");
    }

    @Test
    void aBlankServerVersionIsRefusedBecauseClientsRejectIt() {
        assertThatThrownBy(() -> new SignalSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), 1, 1024, 1, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverVersion");
    }
}

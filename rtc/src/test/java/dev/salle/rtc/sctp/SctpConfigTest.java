package dev.salle.rtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SctpConfigTest {

    @Test
    void defaultsAreTheBrowsersValues() {
        SctpConfig c = SctpConfig.defaults();

        assertThat(c.maxInboundMessageBytes()).isEqualTo(262_144);
        assertThat(c.maxOutboundMessageBytes()).isEqualTo(262_144);
        assertThat(c.maxChannels()).isEqualTo(SctpConfig.DEFAULT_MAX_CHANNELS);
        assertThat(c.bufferBytes()).isEqualTo(1 << 20);
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheRange() {
        assertThatThrownBy(() -> new SctpConfig(0, 1024, 8, 1100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInboundMessageBytes 0");
        assertThatThrownBy(() -> SctpConfig.defaults().withMaxOutboundMessageBytes(SctpConfig.MAX_MESSAGE_BYTES_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOutboundMessageBytes");
        assertThatThrownBy(() -> SctpConfig.defaults().withMaxChannels(1025))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxChannels 1025 is not 1..1024");
        assertThatThrownBy(() -> SctpConfig.defaults().withMtu(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mtu 100");
    }

    @Test
    void buffersGrowWithTheLargestMessage() {
        assertThat(SctpConfig.defaults().withMaxOutboundMessageBytes(1 << 20).bufferBytes()).isEqualTo(4 << 20);
    }
}

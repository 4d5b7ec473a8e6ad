package dev.salle.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.token.ApiKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-x";
    private final ApiKeys keys = ApiKeys.parse("k: " + SECRET);

    private BridgeConfig config(String bind, int port, int udp, Optional<String> url, BridgeLimits limits)
            throws ConfigException {
        return BridgeConfig.validated(bind, port, udp, keys, false, url, limits);
    }

    @Test
    void refusesOutOfRangeValuesNamingTheKeyAndWhatIsAllowed() {
        BridgeLimits ok = BridgeLimits.defaults();
        assertThatThrownBy(() -> config("0.0.0.0", 70000, 7882, Optional.empty(), ok))
                .hasMessage("port is 70000; allowed: 0 (any free port) to 65535");
        assertThatThrownBy(() -> config("0.0.0.0", 7880, -1, Optional.empty(), ok)).hasMessageContaining("udp-port is -1");
        assertThatThrownBy(() -> config("bad host!", 7880, 7882, Optional.empty(), ok)).hasMessageContaining("bind is 'bad host!'");
        assertThatThrownBy(() -> config("0.0.0.0", 7880, 7882, Optional.of("http://x"), ok))
                .hasMessageContaining("public-url is 'http://x'").hasMessageContaining("ws://");
        assertThatThrownBy(() -> config("0.0.0.0", 7880, 7882, Optional.empty(), new BridgeLimits(1, 1, 2048, 1024, 601)))
                .hasMessage("resume-window is 601; allowed: 0 to 600");
        assertThat(BridgeLimits.defaults().resumeWindowSeconds()).isEqualTo(30);
        assertThatThrownBy(() -> config("0.0.0.0", 7880, 7882, Optional.empty(), new BridgeLimits(0, 1, 2048, 1024)))
                .hasMessage("max-rooms is 0; allowed: 1 to 100000");
    }

    @Test
    void theMediaTcpPortIsCheckedAndZeroTurnsIceTcpOff() throws ConfigException {
        BridgeLimits ok = BridgeLimits.defaults();
        assertThatThrownBy(() -> BridgeConfig.validated("0.0.0.0", 7880, 7882, -1, keys, false, Optional.empty(), ok))
                .hasMessage("tcp-port is -1; allowed: 1 to 65535, or 0 or off for no ICE-TCP");
        assertThatThrownBy(() -> BridgeConfig.validated("0.0.0.0", 7880, 7882, 7880, keys, false, Optional.empty(), ok))
                .hasMessageContaining("tcp-port is 7880, the same as port");
        assertThat(BridgeConfig.validated("0.0.0.0", 7880, 7882, 7881, keys, false, Optional.empty(), ok).iceTcp()).isTrue();
        assertThat(BridgeConfig.validated("0.0.0.0", 7880, 7882, 0, keys, false, Optional.empty(), ok).iceTcp()).isFalse();
        assertThat(config("0.0.0.0", 7880, 7882, Optional.empty(), ok).iceTcp()).as("the form without a TCP port").isFalse();
    }

    @Test
    void devModeRefusesToListenBeyondLoopback() throws ConfigException {
        assertThatThrownBy(() -> BridgeConfig.validated("0.0.0.0", 7880, 7882, keys, true, Optional.empty(),
                BridgeLimits.defaults())).hasMessageContaining("bind is '0.0.0.0' but --dev").hasMessageContaining("--keys");
        assertThat(BridgeConfig.validated("::1", 7880, 7882, keys, true, Optional.empty(), BridgeLimits.defaults()).bind())
                .isEqualTo("::1");
    }

    @Test
    void keepsAValidConfigurationAndNeverShowsTheSecret() throws ConfigException {
        BridgeConfig c = config("127.0.0.1", 0, 7882, Optional.of("wss://bridge.example.org"), BridgeLimits.defaults());
        assertThat(c.publicUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("bridge.example.org"));
        assertThat(c.limits().maxRequestBodyBytes()).isEqualTo(16 * 1024);
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @Test
    void keysComeFromOptionsThenEnvironmentThenDevMode() throws ConfigException {
        assertThat(KeySource.resolve(List.of("a: " + SECRET), false, Map.of("LIVEKIT_KEYS", "b: " + SECRET)).keyIds())
                .containsExactly("a");
        assertThat(KeySource.resolve(List.of(), false, Map.of("LIVEKIT_KEYS", "b: " + SECRET)).keyIds())
                .containsExactly("b");
        assertThat(KeySource.resolve(List.of(), true, Map.of()).keyIds()).containsExactly("devkey");
        assertThatThrownBy(() -> KeySource.resolve(List.of(), false, Map.of()))
                .hasMessage(KeySource.HOW_TO_FIX);
        assertThatThrownBy(() -> KeySource.resolve(List.of("no colon here"), false, Map.of()))
                .hasMessageStartingWith("--keys: API keys line 1");
    }
}

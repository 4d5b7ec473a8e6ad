package dev.salle.rtc.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TurnServerUrlTest {

    @Test
    void parsesTurnUrlsWithDefaults() {
        assertThat(TurnServerUrl.parse("turn:turn.example.org"))
            .isEqualTo(new TurnServerUrl(TurnServerUrl.Scheme.TURN, "turn.example.org", 3478, TurnServerUrl.Transport.UDP));
        assertThat(TurnServerUrl.parse("turn:10.0.0.5:3479?transport=udp").supported()).isTrue();
        assertThat(TurnServerUrl.parse("turn:[2001:db8::1]:443?transport=tcp"))
            .isEqualTo(new TurnServerUrl(TurnServerUrl.Scheme.TURN, "2001:db8::1", 443, TurnServerUrl.Transport.TCP));
        assertThat(TurnServerUrl.parse("turns:turn.example.org").port()).isEqualTo(5349);
    }

    @Test
    void tcpAndTlsAreSupportedButNotStunNorDtls() {
        assertThat(TurnServerUrl.parse("turn:t.example:3478?transport=tcp").clientTransport())
            .isEqualTo(TurnServer.Transport.TCP);
        assertThat(TurnServerUrl.parse("turn:t.example").clientTransport()).isEqualTo(TurnServer.Transport.UDP);
        TurnServerUrl tls = TurnServerUrl.parse("turns:t.example:443?transport=tcp");
        assertThat(tls.clientTransport()).isEqualTo(TurnServer.Transport.TLS);
        assertThat(TurnServerUrl.parse("turns:t.example").port()).as("RFC 7065 default for turns:").isEqualTo(5349);
        assertThat(TurnServerUrl.parse("turns:t.example").clientTransport()).isEqualTo(TurnServer.Transport.TLS);
        assertThat(TurnServerUrl.parse("turns:t.example?transport=udp").supported()).as("DTLS is not built").isFalse();
        assertThat(TurnServerUrl.parse("stun:t.example:19302").supported()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "turn:", "http://x", "turn:host:0", "turn:host:70000", "turn:host?transport=sctp",
        "turn:ho st", "stun:host?transport=udp", "turn:user@host", "turn:host:3478;x", "turn:[zz::1]"})
    void refusesMalformedUrlsNamingThem(String url) {
        assertThatThrownBy(() -> TurnServerUrl.parse(url))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + url + "'");
    }

    @Test
    void restCredentialsFollowCoturnsScheme() {
        TurnRestCredentials c = TurnRestCredentials.issue("north".getBytes(), "device-1",
            Instant.ofEpochSecond(1_700_000_000L), Duration.ofHours(1));
        assertThat(c.username()).isEqualTo("1700003600:device-1");
        // base64(HMAC-SHA1("north", "1700003600:device-1")), computed with openssl dgst -sha1 -hmac north -binary | base64
        assertThat(c.password()).isEqualTo(HMAC_VECTOR);
        assertThat(c.toString()).doesNotContain(c.password());
        assertThatThrownBy(() -> TurnRestCredentials.issue("s".getBytes(), "a:b", Instant.EPOCH, Duration.ofHours(1)))
            .hasMessageContaining("'a:b'");
    }

    private static final String HMAC_VECTOR = "wxyDfiJHJcDChOh5dInbcQUkiGs=";
}

package dev.salle.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnOfferTest {

    private static final String SECRET = "a-secret-of-enough-length";

    @Test
    void noOptionsMeansNoTurn() throws Exception {
        assertThat(TurnOffer.validated(List.of(), Optional.empty())).isEmpty();
    }

    @Test
    void tcpAndTlsUrlsAreOfferedAsGiven() throws Exception {
        TurnOffer offer = TurnOffer.validated(List.of("turn:turn.example.org:3478?transport=udp",
                "turn:turn.example.org:3478?transport=tcp", "turns:turn.example.org:443", "turns:turn.example.org"),
                Optional.of(SECRET)).orElseThrow();
        assertThat(offer.urls()).extracting(Object::toString).containsExactly(
                "turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp",
                "turns:turn.example.org:443?transport=tcp", "turns:turn.example.org:5349?transport=tcp");
    }

    @Test
    void urlsAndSecretGoTogether() {
        assertThatThrownBy(() -> TurnOffer.validated(List.of("turn:10.0.0.1"), Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("turn-secret is missing");
        assertThatThrownBy(() -> TurnOffer.validated(List.of(), Optional.of(SECRET)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no turn-url");
    }

    @Test
    void badValuesAreNamedButTheSecretNeverIs() throws Exception {
        assertThatThrownBy(() -> TurnOffer.validated(List.of("turn:10.0.0.1:99999"), Optional.of(SECRET)))
                .hasMessageContaining("turn-url").hasMessageContaining("turn:10.0.0.1:99999");
        assertThatThrownBy(() -> TurnOffer.validated(List.of("stun:10.0.0.1"), Optional.of(SECRET)))
                .hasMessageContaining("allowed: turn: or turns:");
        assertThatThrownBy(() -> TurnOffer.validated(List.of("turn:10.0.0.1"), Optional.of("short-secret")))
                .hasMessageContaining("at least 16").hasMessageNotContaining("short-secret");
        assertThat(TurnOffer.validated(List.of("turn:10.0.0.1"), Optional.of(SECRET)).orElseThrow().toString())
                .doesNotContain(SECRET);
    }
}

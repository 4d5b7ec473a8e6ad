package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.sdp.Setup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerConfigTest {

    private static final List<LocalCodec> OPUS = List.of(LocalCodec.opus());

    @Test
    void defaultsAnswerPassiveWithoutDataChannels() {
        PeerConfig config = PeerConfig.of(OPUS);

        assertThat(config.answerSetup()).isEqualTo(Setup.PASSIVE);
        assertThat(config.sctpPort()).isZero();
        assertThat(config.iceTimeout()).isEqualTo(PeerConfig.DEFAULT_ICE_TIMEOUT);
        assertThat(config.advertisedAddress()).isEmpty();
        assertThat(config.consentTimeout()).as("RFC 7675 §5.1").isEqualTo(Duration.ofSeconds(30));
        assertThat(config.asClient().withConsentTimeout(Duration.ofSeconds(5)).consentTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSettingAndValue() {
        assertThatThrownBy(() -> PeerConfig.of(List.of())).hasMessageContaining("codecs");
        assertThatThrownBy(() -> PeerConfig.of(OPUS).withSctpPort(70_000)).hasMessageContaining("sctpPort 70000");
        assertThatThrownBy(() -> PeerConfig.of(OPUS).withAnswerSetup(Setup.ACTPASS)).hasMessageContaining("ACTPASS");
        assertThatThrownBy(() -> PeerConfig.of(OPUS).withIceTimeout(Duration.ZERO)).hasMessageContaining("iceTimeout");
        assertThatThrownBy(() -> PeerConfig.of(OPUS).withConsentTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("consentTimeout PT-1S");
        assertThatThrownBy(() -> new PeerConfig(OPUS, Set.of(), false, 0, 1, Setup.PASSIVE, Duration.ofSeconds(1),
                Optional.of(InetAddress.getByName("0.0.0.0")))).hasMessageContaining("wildcard");
    }

    @Test
    void wildcardMuxWithoutAdvertisedAddressIsRefused() throws Exception {
        try (UdpMux wildcard = UdpMux.open(new InetSocketAddress(0), Clock.systemUTC())) {
            DtlsEndpoint dtls = new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(), new SecureRandom());

            assertThatThrownBy(() -> new PeerConnection(wildcard, dtls, PeerConfig.of(OPUS), Runnable::run,
                    new Random(1), new PeerConnection.Listener() {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("advertisedAddress");
        }
    }
}

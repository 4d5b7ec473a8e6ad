package dev.salle.rtc.dtls;

import dev.salle.rtc.srtp.SrtpProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtlsConfigTest {

    @Test
    void defaultsBoundTheHandshakeAtTenSecondsAndPreferGcm() {
        DtlsConfig config = DtlsConfig.defaults();

        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.initialRetransmitTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.srtpProfiles()).containsExactly(SrtpProfile.AEAD_AES_128_GCM,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    }

    @Test
    void handshakeTimeoutBelowTenMillisecondsIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> DtlsConfig.defaults().withHandshakeTimeout(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handshakeTimeout").hasMessageContaining("PT0.001S");
    }

    @Test
    void emptyOrRepeatedProfileListsAreRejected() {
        assertThatThrownBy(() -> DtlsConfig.defaults().withSrtpProfiles(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("srtpProfiles is empty");
        assertThatThrownBy(() -> DtlsConfig.defaults().withSrtpProfiles(
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_128_GCM)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void keyingMaterialLengthsFollowRfc5764AndRfc7714() {
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(SrtpProfile.fromId(0x0007)).contains(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromId(0x0002)).isEmpty();
    }

    @Test
    void srtpResultRefusesKeyingMaterialOfTheWrongLengthAndHidesItInToString() {
        CertificateFingerprint peer = CertificateFingerprint.sha256Of(new byte[] {1});

        assertThatThrownBy(() -> new DtlsSrtpResult(SrtpProfile.AEAD_AES_128_GCM, new byte[60], peer, DtlsRole.CLIENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("60").hasMessageContaining("56");
        byte[] secret = new byte[56];
        secret[0] = 0x7F;
        DtlsSrtpResult result = new DtlsSrtpResult(SrtpProfile.AEAD_AES_128_GCM, secret, peer, DtlsRole.CLIENT);
        secret[0] = 0;
        assertThat(result.keyingMaterial()[0]).as("defensive copy").isEqualTo((byte) 0x7F);
        assertThat(result.toString()).contains("56 bytes").doesNotContain("127");
    }
}

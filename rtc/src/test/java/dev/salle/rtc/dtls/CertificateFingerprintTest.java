package dev.salle.rtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class CertificateFingerprintTest {

    private static final byte[] DER = {0x30, 0x03, 0x02, 0x01, 0x05};

    @Test
    void sdpValueIsLowerCaseHashNameAndUpperCaseColonSeparatedHex() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(DER);

        String sdp = CertificateFingerprint.sha256Of(DER).toSdpValue();

        assertThat(sdp).startsWith("sha-256 ").hasSize("sha-256 ".length() + 32 * 3 - 1);
        assertThat(sdp).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(sdp.substring(8, 10)).isEqualTo(String.format("%02X", expected[0] & 0xFF));
    }

    @Test
    void parsingTheSdpValueGivesBackAnEqualFingerprint() {
        CertificateFingerprint original = CertificateFingerprint.sha256Of(DER);

        CertificateFingerprint parsed = CertificateFingerprint.parse(original.toSdpValue());

        assertThat(parsed).isEqualTo(original);
        assertThat(parsed.matches(DER)).isTrue();
    }

    @Test
    void parsingAcceptsLowerCaseHexAndUpperCaseHashName() {
        String sdp = CertificateFingerprint.sha256Of(DER).toSdpValue();

        CertificateFingerprint parsed = CertificateFingerprint.parse("SHA-256 " + sdp.substring(8).toLowerCase());

        assertThat(parsed.algorithm()).isEqualTo("sha-256");
        assertThat(parsed.matches(DER)).isTrue();
    }

    @Test
    void otherHashFunctionsOfRfc8122AreSupported() {
        CertificateFingerprint sha1 = CertificateFingerprint.of("sha-1", DER);

        assertThat(sha1.hash()).hasSize(20);
        assertThat(CertificateFingerprint.parse(sha1.toSdpValue()).matches(DER)).isTrue();
    }

    @Test
    void aDifferentCertificateDoesNotMatch() {
        CertificateFingerprint fingerprint = CertificateFingerprint.sha256Of(DER);

        assertThat(fingerprint.matches(new byte[] {0x30, 0x03, 0x02, 0x01, 0x06})).isFalse();
    }

    @Test
    void parsingRejectsAValueWithoutHashName() {
        assertThatThrownBy(() -> CertificateFingerprint.parse("AB:CD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AB:CD'").hasMessageContaining("no hash function");
    }

    @Test
    void parsingRejectsAnUnknownHashFunction() {
        assertThatThrownBy(() -> CertificateFingerprint.parse("md5 AB:CD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'md5'").hasMessageContaining("sha-256");
    }

    @Test
    void parsingRejectsAHashOfTheWrongLength() {
        assertThatThrownBy(() -> CertificateFingerprint.parse("sha-256 AB:CD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong length").hasMessageContaining("32");
    }

    @Test
    void parsingRejectsNonHexCharacters() {
        String sdp = CertificateFingerprint.sha256Of(DER).toSdpValue();
        String broken = sdp.substring(0, 8) + "ZZ" + sdp.substring(10);

        assertThatThrownBy(() -> CertificateFingerprint.parse(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex").hasMessageContaining("'ZZ'");
    }

    @Test
    void parsingRejectsMissingColons() {
        String sdp = CertificateFingerprint.sha256Of(DER).toSdpValue();
        String broken = sdp.substring(0, 10) + "-" + sdp.substring(11);

        assertThatThrownBy(() -> CertificateFingerprint.parse(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ':'");
    }
}

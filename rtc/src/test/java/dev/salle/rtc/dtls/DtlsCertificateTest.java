package dev.salle.rtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    private static final Instant NOW = Instant.parse("2026-11-22T04:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void generatedCertificateIsSelfSignedEcdsaP256WithCommonNameSalle() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate(CLOCK, new SecureRandom(), Duration.ofDays(30));

        X509Certificate x509 = parse(certificate.derEncoded());

        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=salle");
        assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        x509.verify(x509.getPublicKey());
    }

    @Test
    void validityRunsFromADayBeforeNowForTheRequestedDuration() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate(CLOCK, new SecureRandom(), Duration.ofDays(30));

        X509Certificate x509 = parse(certificate.derEncoded());

        assertThat(x509.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(x509.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(certificate.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void eachCertificateHasItsOwnPositiveSerialAndFingerprint() throws Exception {
        DtlsCertificate first = DtlsCertificate.generate();
        DtlsCertificate second = DtlsCertificate.generate();

        X509Certificate a = parse(first.derEncoded());
        X509Certificate b = parse(second.derEncoded());

        assertThat(a.getSerialNumber()).isPositive().isNotEqualTo(b.getSerialNumber());
        assertThat(first.fingerprint()).isNotEqualTo(second.fingerprint());
    }

    @Test
    void fingerprintIsTheSha256OfTheDerEncoding() {
        DtlsCertificate certificate = DtlsCertificate.generate();

        assertThat(certificate.fingerprint().algorithm()).isEqualTo("sha-256");
        assertThat(certificate.fingerprint().matches(certificate.derEncoded())).isTrue();
    }

    @Test
    void nonPositiveValidityIsRejected() {
        assertThatThrownBy(() -> DtlsCertificate.generate(CLOCK, new SecureRandom(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S").hasMessageContaining("positive");
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}

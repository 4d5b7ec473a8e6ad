package dev.salle.provisioning.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCaTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void createdCaKeepsItsKeyOwnerOnlyAndOpensAgainWithTheSamePin() throws Exception {
        DeviceCa ca = DeviceCa.create(dir, "Préfecture du Rhône", CLOCK);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DeviceCa.KEY_FILE))))
                .isEqualTo("rw-------");
        DeviceCa again = DeviceCa.open(dir, CLOCK);
        assertThat(again.pin()).isEqualTo(ca.pin()).hasSize(32);
        assertThat(again.organisation()).isEqualTo("Préfecture du Rhône");
        assertThat(ca.certificate().getBasicConstraints()).isZero();
    }

    @Test
    void refusesToOverwriteACaOrToOpenAKeyOthersCanRead() throws Exception {
        DeviceCa.create(dir, "Org", CLOCK);
        assertThatThrownBy(() -> DeviceCa.create(dir, "Org", CLOCK)).hasMessageContaining("already exists");

        Files.setPosixFilePermissions(dir.resolve(DeviceCa.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DeviceCa.open(dir, CLOCK)).hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificatesOwn() throws Exception {
        DeviceCa.create(dir, "Org", CLOCK);
        Path other = Files.createDirectory(dir.resolve("other"));
        DeviceCa.create(other, "Org", CLOCK);
        Files.copy(other.resolve(DeviceCa.KEY_FILE), dir.resolve(DeviceCa.KEY_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> DeviceCa.open(dir, CLOCK)).hasMessageContaining("is not the key of");
    }

    @Test
    void signsADeviceRequestWithTheDeviceIdAsSubjectWhateverTheRequestAsked() throws Exception {
        DeviceCa ca = DeviceCa.create(dir, "Org", CLOCK);
        KeyPair device = DeviceKeys.generate();
        String pem = DeviceKeys.certificateRequest(device);

        X509Certificate cert = ca.issueDevice(Pem.certificationRequest(pem), "d-7k3m9q");

        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getPublicKey()).isEqualTo(device.getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=d-7k3m9q,O=Org");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void refusesARequestForAnRsaKey() throws Exception {
        DeviceCa ca = DeviceCa.create(dir, "Org", CLOCK);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));

        assertThatThrownBy(() -> ca.issueDevice(request, "d-1"))
                .isInstanceOfSatisfying(CsrRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CsrRejectedException.Reason.WRONG_KEY_TYPE));
    }

    @Test
    void refusesARequestSignedByAnotherKey() throws Exception {
        DeviceCa ca = DeviceCa.create(dir, "Org", CLOCK);
        KeyPair claimed = DeviceKeys.generate();
        KeyPair signer = DeviceKeys.generate();
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), claimed.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));

        assertThatThrownBy(() -> ca.issueDevice(request, "d-1"))
                .isInstanceOfSatisfying(CsrRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CsrRejectedException.Reason.BAD_SIGNATURE));
    }

    @Test
    void damagedRequestsAreRefusedByTheReader() {
        String pem = DeviceKeys.certificateRequest(DeviceKeys.generate());
        String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        byte[] der = Base64.getDecoder().decode(body);
        String truncated = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder().encodeToString(java.util.Arrays.copyOf(der, der.length / 2))
                + "\n-----END CERTIFICATE REQUEST-----\n";

        assertThatThrownBy(() -> Pem.certificationRequest(truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.certificationRequest("")).hasMessageContaining("no PEM text");
        assertThatThrownBy(() -> Pem.certificationRequest(Pem.write(DeviceKeys.generate().getPrivate())))
                .hasMessageContaining("found PRIVATE KEY");
        assertThatThrownBy(() -> Pem.certificationRequest("x".repeat(Pem.MAX_TEXT + 1))).hasMessageContaining("over the limit");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publicKeysRoundTripAndOtherBlocksAreRefused() {
        KeyPair one = DeviceKeys.generate();
        KeyPair two = DeviceKeys.generate();

        assertThat(Pem.publicKeys(Pem.write(one.getPublic(), two.getPublic())))
                .containsExactly(one.getPublic(), two.getPublic());
        assertThatThrownBy(() -> Pem.publicKeys(Pem.write(one.getPrivate()))).hasMessageContaining("found PRIVATE KEY");
        assertThatThrownBy(() -> Pem.publicKeys("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .hasMessageContaining("not an EC public key");
    }

    @Test
    void refusesDeviceIdsThatCouldEscapeATopic() throws Exception {
        DeviceCa ca = DeviceCa.create(dir, "Org", CLOCK);
        PKCS10CertificationRequest request = Pem.certificationRequest(DeviceKeys.certificateRequest(DeviceKeys.generate()));

        for (String id : List.of("", "a/b", "+", "#", "-x", "a".repeat(65))) {
            assertThatThrownBy(() -> ca.issueDevice(request, id)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void serverCertificateNamesItsHostsAndChainsToTheCa() throws Exception {
        DeviceCa ca = DeviceCa.create(dir, "Org", CLOCK);

        IssuedIdentity server = ca.issueServer("enrolment", List.of("127.0.0.1", "localhost"));

        server.certificate().verify(ca.certificate().getPublicKey());
        assertThat(server.chain()).hasSize(2).last().isEqualTo(ca.certificate());
        assertThat(server.certificate().getSubjectAlternativeNames())
                .extracting(l -> (Object) l.get(1)).containsExactly("127.0.0.1", "localhost");
        assertThat(server.keyStore("server", new char[0]).isKeyEntry("server")).isTrue();
    }

    @Test
    void crlListsRevokedSerialsAndIsSignedByTheCa() throws Exception {
        DeviceCa ca = DeviceCa.create(dir, "Org", CLOCK);
        X509Certificate cert = ca.issueDevice(
                Pem.certificationRequest(DeviceKeys.certificateRequest(DeviceKeys.generate())), "d-1");
        X509Certificate kept = ca.issueDevice(
                Pem.certificationRequest(DeviceKeys.certificateRequest(DeviceKeys.generate())), "d-2");

        X509CRL crl = Pem.crl(Pem.write(ca.crl(List.of(cert.getSerialNumber()))));

        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.isRevoked(cert)).isTrue();
        assertThat(crl.isRevoked(kept)).isFalse();
        assertThat(crl.getNextUpdate().toInstant()).isAfter(CLOCK.instant());
    }
}

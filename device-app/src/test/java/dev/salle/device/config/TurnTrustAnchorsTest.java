package dev.salle.device.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.provisioning.ca.Pem;
import dev.salle.rtc.turn.TurnTlsTrust;
import dev.salle.settings.ConfigException;
import dev.salle.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnTrustAnchorsTest {

    @TempDir
    Path dir;

    private static DeviceConfig load(Path anchors) {
        return DeviceConfig.of(Map.of("call.turn-trust-anchors", anchors.toString()), "room-1");
    }

    @Test
    void emptyMeansTheSystemStoreOnly() {
        assertThat(DeviceConfig.of(Map.of(), "room-1").call().turnTrust()).isEqualTo(TurnTlsTrust.SYSTEM);
    }

    @Test
    void aSiteCaFileIsReadAtLoadAndTrustedBesidesTheSystemStore() throws Exception {
        TestCertificates site = TestCertificates.create(dir.resolve("site"), "Prefecture site CA");
        TestCertificates other = TestCertificates.create(dir.resolve("other"), "Second site CA");
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(site.caCertificate()) + Files.readString(other.caCertificate()));

        assertThat(load(site.caCertificate()).call().turnTrust().extraAnchors()).containsExactly(site.ca());
        assertThat(load(both).call().turnTrust().extraAnchors()).containsExactly(site.ca(), other.ca());
    }

    @Test
    void aFileThatIsNotPemCertificatesIsRefusedAtLoadNamingTheKeyAndWhatIsWrong() throws Exception {
        TestCertificates site = TestCertificates.create(dir.resolve("site"), "Prefecture site CA");
        record Bad(String name, byte[] content, String says) {}
        String pem = Files.readString(site.caCertificate());
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        byte[] der = java.util.Base64.getMimeDecoder().decode(body);
        for (Bad bad : new Bad[] {
                new Bad("garbage", "this is not a certificate\n".getBytes(StandardCharsets.US_ASCII), "no CERTIFICATE block"),
                new Bad("an empty file", new byte[0], "no PEM text"),
                new Bad("an empty certificate block", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
                        .getBytes(StandardCharsets.US_ASCII), "not a valid X.509 certificate"),
                new Bad("a mangled certificate", pem.replace(body.substring(40, 60), "A".repeat(20))
                        .getBytes(StandardCharsets.US_ASCII), "not a valid X.509 certificate"),
                new Bad("the server's private key", Files.readAllBytes(site.serverKey()), "found PRIVATE KEY"),
                new Bad("a public key", Pem.write(site.ca().getPublicKey()).getBytes(StandardCharsets.US_ASCII),
                        "found PUBLIC KEY"),
                new Bad("the certificate in DER", der, "not PEM text"),
                new Bad("a huge file", ("x".repeat(1000) + "\n").repeat(100).getBytes(StandardCharsets.US_ASCII),
                        "at most " + Pem.MAX_TEXT)}) {
            Path file = dir.resolve("bad.pem");
            Files.write(file, bad.content());
            assertThatThrownBy(() -> load(file)).as(bad.name()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("call.turn-trust-anchors").hasMessageContaining(bad.says())
                    .extracting(e -> ((ConfigException) e).key()).isEqualTo("call.turn-trust-anchors");
        }
        assertThatThrownBy(() -> load(dir.resolve("missing.pem"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("call.turn-trust-anchors").hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> DeviceConfig.of(Map.of("call.turn-trust-anchors", "relative/ca.pem"), "room-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("absolute path");
    }
}

package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.config.BridgeLimits;
import dev.salle.bridge.config.ConfigException;
import dev.salle.bridge.config.TlsFiles;
import dev.salle.rtc.token.ApiKeys;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge over HTTPS: what browsers on a site's network need for camera and microphone. */
class HttpsTest {

    @TempDir
    Path dir;

    @Test
    void servesTheWebClientAndApiOverHttpsWithTheGivenCertificate() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X509Certificate cert = selfSigned(pair);
        TlsFiles files = write(cert, pair);
        BridgeConfig config = BridgeConfig.validated(BridgeConfig.LOOPBACK, 0, 0,
                ApiKeys.parse("k: 0123456789abcdef0123456789abcdef0"), false, Optional.empty(), BridgeLimits.defaults())
                .withTls(files);
        try (Bridge bridge = Bridge.start(config, Clock.systemUTC(), new SecureRandom())) {
            assertThat(bridge.httpUri().getScheme()).isEqualTo("https");
            assertThat(bridge.livekitUrl().getScheme()).isEqualTo("wss");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build();
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(bridge.httpUri().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("salle_bridge_");
            HttpClient untrusting = HttpClient.newHttpClient();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(bridge.httpUri().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString())).hasMessageContaining("PKIX");
        }
    }

    @Test
    void unreadableOrMismatchedFilesAreRefusedNamingTheOption() throws Exception {
        assertThatThrownBy(() -> TlsFiles.validated(dir.resolve("missing.pem"), dir.resolve("key.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls-cert is");
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        TlsFiles mismatched = write(selfSigned(ec), rsa.generateKeyPair());
        BridgeConfig config = BridgeConfig.validated(BridgeConfig.LOOPBACK, 0, 0,
                ApiKeys.parse("k: 0123456789abcdef0123456789abcdef0"), false, Optional.empty(), BridgeLimits.defaults())
                .withTls(mismatched);
        assertThatThrownBy(() -> Bridge.start(config, Clock.systemUTC(), new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tls-key").hasMessageContaining("RSA");
        Files.writeString(mismatched.privateKey(), "not a key");
        assertThatThrownBy(() -> Bridge.start(config, Clock.systemUTC(), new SecureRandom()))
                .hasMessageContaining("holds no unencrypted private key").hasMessageNotContaining("not a key");
    }

    private TlsFiles write(X509Certificate cert, KeyPair pair) throws Exception {
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        // the key as PKCS#8 ("PRIVATE KEY"), as openssl and certbot write it
        for (var entry : java.util.Map.of(certFile, (Object) cert, keyFile,
                new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null)).entrySet()) {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(entry.getValue());
            }
            Files.writeString(entry.getKey(), out.toString());
        }
        return TlsFiles.validated(certFile, keyFile);
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
        byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bridge", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

}

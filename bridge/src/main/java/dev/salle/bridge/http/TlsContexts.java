package dev.salle.bridge.http;

import dev.salle.bridge.config.TlsFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Builds Jetty's TLS context from PEM files. Stateless. */
final class TlsContexts {

    private TlsContexts() {}

    /**
     * @throws IllegalStateException naming the file when a file is not PEM, holds no certificate or
     *     key, or the key does not belong to the certificate
     */
    static SslContextFactory.Server server(TlsFiles files) {
        List<X509Certificate> chain = certificates(files);
        PrivateKey key = privateKey(files);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalStateException("tls-key " + files.privateKey() + " is a " + key.getAlgorithm()
                    + " key but the certificate in " + files.certificateChain() + " has a "
                    + chain.get(0).getPublicKey().getAlgorithm() + " key; give the key of that certificate");
        }
        char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("bridge", key, password, chain.toArray(X509Certificate[]::new));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(store);
            ssl.setKeyStorePassword(new String(password));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("tls-key " + files.privateKey() + " does not go with the certificate in "
                    + files.certificateChain() + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(TlsFiles files) {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(files.certificateChain(), StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(r)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o; (o = pem.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("tls-cert " + files.certificateChain() + " is not a PEM certificate file: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("tls-cert " + files.certificateChain()
                    + " holds no certificate; give a PEM file starting with -----BEGIN CERTIFICATE-----");
        }
        return chain;
    }

    /**
     * The key as the JDK's own provider has it (what the TLS stack and the key store want):
     * Bouncy Castle reads every PEM form (SEC1 EC keys carry their curve where the JDK does not
     * look), then its PKCS#8 encoding is read back by the JDK.
     */
    private static PrivateKey jdkKey(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        PrivateKey read = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider()).getPrivateKey(info);
        String algorithm = read.getAlgorithm().startsWith("EC") ? "EC" : read.getAlgorithm();
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(read.getEncoded()));
    }

    private static PrivateKey privateKey(TlsFiles files) {
        try (Reader r = Files.newBufferedReader(files.privateKey(), StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(r)) {
            for (Object o; (o = pem.readObject()) != null; ) {
                if (o instanceof PEMKeyPair pair) {
                    return jdkKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return jdkKey(info);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // the message may quote the file's content: say only which file and what kind of problem
            throw new IllegalStateException("tls-key " + files.privateKey() + " is not a readable PEM private key ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        throw new IllegalStateException("tls-key " + files.privateKey() + " holds no unencrypted private key; give a"
                + " PEM file with -----BEGIN PRIVATE KEY----- (or EC/RSA PRIVATE KEY)");
    }
}

package dev.salle.device.fleet;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The device's side of mutual TLS with the fleet broker: its own key and certificate chain (from
 * enrolment) to prove who it is, and the organisation's CA as the only issuer it trusts for the
 * broker. TLS 1.2 or newer. {@link #toString()} never shows the key.
 *
 * @param key the device's private key
 * @param chain the device certificate first, then its CA
 * @param brokerCa the CA that must have issued the broker's certificate
 */
public record FleetTls(PrivateKey key, List<X509Certificate> chain, X509Certificate brokerCa) {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    public FleetTls {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("mutual TLS needs the device's certificate");
        }
        Objects.requireNonNull(brokerCa, "brokerCa");
    }

    /** A socket factory presenting the device's certificate and trusting only {@link #brokerCa()}. */
    public SSLSocketFactory socketFactory() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", key, IN_MEMORY, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("broker-ca", brokerCa);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return new ProtocolFloor(context.getSocketFactory());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not set up TLS with the device certificate "
                    + chain.get(0).getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FleetTls[" + chain.get(0).getSubjectX500Principal() + ", broker CA " + brokerCa.getSubjectX500Principal() + "]";
    }
}

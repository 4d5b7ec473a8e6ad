package dev.salle.device.fleet;

import dev.salle.provisioning.ca.MutualTls;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

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
        return new ProtocolFloor(MutualTls.clientContext(key, chain, brokerCa).getSocketFactory());
    }

    @Override
    public String toString() {
        return "FleetTls[" + chain.get(0).getSubjectX500Principal() + ", broker CA " + brokerCa.getSubjectX500Principal() + "]";
    }
}

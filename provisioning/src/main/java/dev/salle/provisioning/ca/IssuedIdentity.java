package dev.salle.provisioning.ca;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A key and its certificate chain (its own certificate first, then the CA), as issued by
 * {@link DeviceCa#issueServer} or {@link DeviceCa#issueClient}.
 */
public record IssuedIdentity(PrivateKey key, List<X509Certificate> chain) {

    public IssuedIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an identity needs at least its own certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** A PKCS#12 key store holding the key under {@code alias}, for Jetty or an SSLContext. */
    public KeyStore keyStore(String alias, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not build a key store for " + certificate().getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Writes the key (0600) and the chain as PEM, e.g. for Mosquitto's keyfile and certfile. */
    public void writePem(Path keyFile, Path chainFile) {
        SecretFiles.writeSecret(keyFile, Pem.write(key));
        SecretFiles.writePublic(chainFile, Pem.write(chain.toArray()));
    }
}

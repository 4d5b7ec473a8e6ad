package dev.salle.bridge.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the bridge's HTTPS certificate and key are: PEM files, the certificate first in its chain
 * file, the key as PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted. Only paths are held; the key is
 * read when the server starts and never logged.
 *
 * @param certificateChain PEM certificate(s), the server's own first
 * @param privateKey PEM private key
 */
public record TlsFiles(Path certificateChain, Path privateKey) {

    public TlsFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Checks both files can be read.
     *
     * @throws ConfigException naming the option and the file
     */
    public static TlsFiles validated(Path certificateChain, Path privateKey) throws ConfigException {
        if (!Files.isReadable(certificateChain)) {
            throw new ConfigException("tls-cert is '" + certificateChain + "', which cannot be read; give a PEM"
                    + " certificate file (the server's certificate first, then its chain)");
        }
        if (!Files.isReadable(privateKey)) {
            throw new ConfigException("tls-key is '" + privateKey + "', which cannot be read; give the PEM private"
                    + " key of the certificate");
        }
        return new TlsFiles(certificateChain, privateKey);
    }
}

package dev.salle.device.config;

import dev.salle.provisioning.ca.Pem;
import dev.salle.rtc.turn.TurnTlsTrust;
import dev.salle.settings.ConfigException;
import dev.salle.settings.DeviceSettings;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * {@code call.turn-trust-anchors}: the PEM file of CA certificates a {@code turns:} server's
 * certificate may chain to besides the system trust store (a site's own CA). Read and checked when
 * the configuration is loaded, so that a wrong file is refused then, naming the key and what is
 * wrong, rather than showing up as a refused TURN server in the middle of a join.
 */
final class TurnTrustAnchors {

    private TurnTrustAnchors() {
    }

    /**
     * The trust for {@code turns:} servers.
     *
     * @param path empty for the system trust store only, else an absolute path
     * @throws ConfigException when the file cannot be read, is too large, or holds anything but
     *     valid PEM certificates
     */
    static TurnTlsTrust load(String path) {
        if (path.isEmpty()) {
            return TurnTlsTrust.SYSTEM;
        }
        String key = DeviceSettings.TURN_TRUST_ANCHORS.key();
        Path file = Path.of(path);
        String text;
        try {
            long size = Files.size(file);
            if (size > Pem.MAX_TEXT) {
                throw new ConfigException(key, key + ": " + path + " is " + size + " bytes; a PEM file of CA"
                        + " certificates is at most " + Pem.MAX_TEXT);
            }
            text = StandardCharsets.US_ASCII.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(key, key + ": " + path + " is not PEM text (it has bytes that are not ASCII;"
                    + " a DER file must be converted to PEM first)");
        } catch (IOException e) {
            throw new ConfigException(key, key + ": " + path + " cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        List<X509Certificate> certificates;
        try {
            certificates = Pem.certificates(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, key + ": " + path + " holds no usable CA certificate: " + e.getMessage()
                    + "; give the site CA's certificate(s) as PEM (-----BEGIN CERTIFICATE-----)");
        }
        return new TurnTlsTrust(certificates);
    }
}

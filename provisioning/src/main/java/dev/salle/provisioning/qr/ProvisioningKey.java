package dev.salle.provisioning.qr;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An organisation's provisioning key: ECDSA on P-256. Its id, printed in every code it signs, is
 * the first 8 bytes of SHA-256 over the public key's X.509 encoding. Stateless helpers.
 */
public final class ProvisioningKey {

    /** Bytes of a key id. */
    public static final int ID_LENGTH = 8;

    private ProvisioningKey() {}

    /** A new P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
    }

    /** The key's id: 8 bytes of SHA-256 over its X.509 encoding. */
    public static byte[] id(PublicKey key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), ID_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** The key id in lower-case hex, for logs and configuration. */
    public static String idHex(PublicKey key) {
        return HexFormat.of().formatHex(id(key));
    }
}

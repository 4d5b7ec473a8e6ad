package dev.salle.bundle;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of a bundle file:
 *
 * <pre>
 * "SALLEBNDL1"            10 bytes, ASCII
 * manifest length         u32 big-endian, 1..16384
 * manifest                UTF-8 JSON ({@link BundleManifest#toBytes()})
 * key id length, key id   u8 = 8, then the release key's id
 * signature length, sig   u16 = 64, then ECDSA P-256 / SHA-256 over the manifest bytes, r‖s (P1363)
 * payload                 exactly payloadSize bytes; nothing may follow
 * </pre>
 */
final class BundleFormat {

    static final byte[] MAGIC = "SALLEBNDL1".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_MANIFEST = 16 * 1024;
    static final int SIGNATURE_LENGTH = 64;
    static final String ALGORITHM = "SHA256withECDSAinP1363Format";

    private BundleFormat() {
    }
}

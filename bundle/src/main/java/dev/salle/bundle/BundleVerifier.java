package dev.salle.bundle;

import dev.salle.bundle.BundleRejectedException.Reason;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a device checks before it installs a bundle, in this order, stopping at the first failure:
 * the file is a bundle; the manifest is signed by a release key the device's image trusts (the
 * signature is checked before the manifest is even parsed); the target is the device's; the
 * version is newer than the running one (unless the fleet marked a rollback release); the running
 * version is at least the bundle's minimum; the payload has exactly the announced size and
 * SHA-256. The payload is copied to a staging file while it is hashed, and the staging file is
 * deleted on any failure. Immutable; thread-safe.
 */
public final class BundleVerifier {

    private final Map<String, PublicKey> trusted;
    private final String target;
    private final BundleVersion running;

    /**
     * @param trustedKeys the release keys the image trusts
     * @param target what this device installs ({@code device-app})
     * @param running the version running now
     */
    public BundleVerifier(List<PublicKey> trustedKeys, String target, BundleVersion running) {
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("a device needs at least one trusted release key");
        }
        this.trusted = trustedKeys.stream().collect(Collectors.toUnmodifiableMap(ReleaseKeys::idHex, Function.identity(),
                (a, b) -> a));
        this.target = target;
        this.running = running;
    }

    /** The version this verifier considers running. */
    public BundleVersion running() {
        return running;
    }

    /**
     * Reads and checks a whole bundle.
     *
     * @param staging where the payload is written while it is checked; deleted when the bundle is refused
     * @throws BundleRejectedException with the reason; nothing is left behind
     * @throws IOException when reading the bundle or writing the staging file fails
     */
    public VerifiedBundle verify(InputStream bundle, Path staging) throws BundleRejectedException, IOException {
        boolean ok = false;
        try {
            VerifiedBundle verified = read(new DataInputStream(bundle), staging);
            ok = true;
            return verified;
        } finally {
            if (!ok) {
                Files.deleteIfExists(staging);
            }
        }
    }

    private VerifiedBundle read(DataInputStream in, Path staging) throws BundleRejectedException, IOException {
        byte[] magic = new byte[BundleFormat.MAGIC.length];
        if (in.readNBytes(magic, 0, magic.length) != magic.length || !Arrays.equals(magic, BundleFormat.MAGIC)) {
            throw new BundleRejectedException(Reason.NOT_A_BUNDLE, "the file does not start like a Salle bundle");
        }
        byte[] manifestBytes;
        byte[] keyId;
        byte[] signature;
        try {
            int manifestLength = in.readInt();
            if (manifestLength < 1 || manifestLength > BundleFormat.MAX_MANIFEST) {
                throw new BundleRejectedException(Reason.MALFORMED, "the manifest length " + manifestLength
                        + " is outside 1.." + BundleFormat.MAX_MANIFEST);
            }
            manifestBytes = in.readNBytes(manifestLength);
            int idLength = in.readUnsignedByte();
            if (idLength != ReleaseKeys.ID_LENGTH) {
                throw new BundleRejectedException(Reason.MALFORMED, "the key id is " + idLength + " bytes, not "
                        + ReleaseKeys.ID_LENGTH);
            }
            keyId = in.readNBytes(idLength);
            int signatureLength = in.readUnsignedShort();
            if (signatureLength != BundleFormat.SIGNATURE_LENGTH) {
                throw new BundleRejectedException(Reason.MALFORMED, "the signature is " + signatureLength + " bytes, not "
                        + BundleFormat.SIGNATURE_LENGTH);
            }
            signature = in.readNBytes(signatureLength);
            if (manifestBytes.length != manifestLength || keyId.length != idLength || signature.length != signatureLength) {
                throw new EOFException();
            }
        } catch (EOFException e) {
            throw new BundleRejectedException(Reason.TRUNCATED, "the bundle ends inside its header");
        }
        PublicKey key = trusted.get(HexFormat.of().formatHex(keyId));
        if (key == null) {
            throw new BundleRejectedException(Reason.UNKNOWN_KEY, "the bundle is signed by key " + HexFormat.of().formatHex(keyId)
                    + ", which this device's image does not trust");
        }
        if (!verifies(key, manifestBytes, signature)) {
            throw new BundleRejectedException(Reason.BAD_SIGNATURE, "the manifest's signature does not match");
        }
        BundleManifest manifest;
        try {
            manifest = BundleManifest.parse(manifestBytes);
        } catch (IllegalArgumentException e) {
            throw new BundleRejectedException(Reason.MALFORMED, "signed, but " + e.getMessage());
        }
        if (!manifest.target().equals(target)) {
            throw new BundleRejectedException(Reason.WRONG_TARGET, "the bundle is for '" + manifest.target()
                    + "', this device installs '" + target + "'");
        }
        if (manifest.version().compareTo(running) <= 0 && !manifest.rollback()) {
            throw new BundleRejectedException(Reason.NOT_NEWER, "the bundle's version " + manifest.version()
                    + " is not newer than the running " + running + ", and the release is not marked as a rollback");
        }
        if (running.compareTo(manifest.minimumVersion()) < 0) {
            throw new BundleRejectedException(Reason.TOO_OLD_TO_UPDATE, "the bundle updates from " + manifest.minimumVersion()
                    + " or newer; this device runs " + running);
        }
        copyAndCheck(in, manifest, staging);
        return new VerifiedBundle(manifest, staging);
    }

    private static void copyAndCheck(InputStream in, BundleManifest manifest, Path staging)
            throws BundleRejectedException, IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        long left = manifest.payloadSize();
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(staging)) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new BundleRejectedException(Reason.TRUNCATED, "the payload has " + (manifest.payloadSize() - left)
                            + " of its " + manifest.payloadSize() + " bytes");
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        if (in.read() >= 0) {
            throw new BundleRejectedException(Reason.TRAILING_BYTES, "bytes follow the announced payload");
        }
        if (!MessageDigest.isEqual(sha256.digest(), manifest.payloadSha256())) {
            throw new BundleRejectedException(Reason.PAYLOAD_MISMATCH, "the payload's SHA-256 is not the signed one");
        }
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(BundleFormat.ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

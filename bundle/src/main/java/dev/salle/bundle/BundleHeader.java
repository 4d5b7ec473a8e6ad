package dev.salle.bundle;

import dev.salle.bundle.BundleRejectedException.Reason;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The head of a bundle file ({@link BundleFormat}) as read, before anything in it is trusted: the
 * manifest's bytes, the release key's id and the signature. The device's verifier and the fleet's
 * inspector both read bundles through it.
 */
record BundleHeader(byte[] manifestBytes, byte[] keyId, byte[] signature) {

    /**
     * Reads the magic, the manifest, the key id and the signature, checking only their lengths.
     *
     * @throws BundleRejectedException {@code not-a-bundle}, {@code malformed} or {@code truncated}
     */
    static BundleHeader read(DataInputStream in) throws BundleRejectedException, IOException {
        byte[] magic = new byte[BundleFormat.MAGIC.length];
        if (in.readNBytes(magic, 0, magic.length) != magic.length || !Arrays.equals(magic, BundleFormat.MAGIC)) {
            throw new BundleRejectedException(Reason.NOT_A_BUNDLE, "the file does not start like a Salle bundle");
        }
        try {
            int manifestLength = in.readInt();
            if (manifestLength < 1 || manifestLength > BundleFormat.MAX_MANIFEST) {
                throw new BundleRejectedException(Reason.MALFORMED, "the manifest length " + manifestLength
                        + " is outside 1.." + BundleFormat.MAX_MANIFEST);
            }
            byte[] manifestBytes = in.readNBytes(manifestLength);
            int idLength = in.readUnsignedByte();
            if (idLength != ReleaseKeys.ID_LENGTH) {
                throw new BundleRejectedException(Reason.MALFORMED, "the key id is " + idLength + " bytes, not "
                        + ReleaseKeys.ID_LENGTH);
            }
            byte[] keyId = in.readNBytes(idLength);
            int signatureLength = in.readUnsignedShort();
            if (signatureLength != BundleFormat.SIGNATURE_LENGTH) {
                throw new BundleRejectedException(Reason.MALFORMED, "the signature is " + signatureLength + " bytes, not "
                        + BundleFormat.SIGNATURE_LENGTH);
            }
            byte[] signature = in.readNBytes(signatureLength);
            if (manifestBytes.length != manifestLength || keyId.length != idLength || signature.length != signatureLength) {
                throw new EOFException();
            }
            return new BundleHeader(manifestBytes, keyId, signature);
        } catch (EOFException e) {
            throw new BundleRejectedException(Reason.TRUNCATED, "the bundle ends inside its header");
        }
    }

    /** Its length in the file, from the magic to the signature's last byte. */
    long length() {
        return BundleFormat.MAGIC.length + 4L + manifestBytes.length + 1 + keyId.length + 2 + signature.length;
    }

    /** The signing key's id in hex, as {@link ReleaseKeys#idHex(PublicKey)} writes it. */
    String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    /** Whether {@code key} signed the manifest's bytes. */
    boolean signedBy(PublicKey key) {
        try {
            Signature s = Signature.getInstance(BundleFormat.ALGORITHM);
            s.initVerify(key);
            s.update(manifestBytes);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The manifest, parsed.
     *
     * @param signed whether its signature was checked (it only changes the message)
     * @throws BundleRejectedException {@code malformed}
     */
    BundleManifest manifest(boolean signed) throws BundleRejectedException {
        try {
            return BundleManifest.parse(manifestBytes);
        } catch (IllegalArgumentException e) {
            throw new BundleRejectedException(Reason.MALFORMED, (signed ? "signed, but " : "the manifest: ") + e.getMessage());
        }
    }

    /**
     * Copies exactly the announced payload from {@code in} to {@code out}, then checks that nothing
     * follows and that its SHA-256 is the signed one.
     *
     * @throws BundleRejectedException {@code truncated}, {@code trailing-bytes} or {@code payload-mismatch}
     */
    static void copyPayload(InputStream in, BundleManifest manifest, OutputStream out) throws BundleRejectedException, IOException {
        MessageDigest sha256 = sha256();
        long left = manifest.payloadSize();
        byte[] buffer = new byte[64 * 1024];
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
        if (in.read() >= 0) {
            throw new BundleRejectedException(Reason.TRAILING_BYTES, "bytes follow the announced payload");
        }
        if (!MessageDigest.isEqual(sha256.digest(), manifest.payloadSha256())) {
            throw new BundleRejectedException(Reason.PAYLOAD_MISMATCH, "the payload's SHA-256 is not the signed one");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

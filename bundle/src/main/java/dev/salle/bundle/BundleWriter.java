package dev.salle.bundle;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;

/** Builds a signed bundle ({@code ./salle release sign}). Stateless. */
public final class BundleWriter {

    private BundleWriter() {
    }

    /**
     * Hashes {@code payload}, signs the manifest with {@code releaseKey}, and writes the bundle.
     *
     * @return the manifest written
     */
    public static BundleManifest write(Path payload, BundleVersion version, String target, BundleVersion minimumVersion,
                                       boolean rollback, KeyPair releaseKey, Instant now, OutputStream out) throws IOException {
        byte[] hash;
        try (InputStream in = new DigestInputStream(Files.newInputStream(payload), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            hash = ((DigestInputStream) in).getMessageDigest().digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        BundleManifest manifest = new BundleManifest(version, target, minimumVersion, Files.size(payload), hash, rollback, now);
        byte[] bytes = manifest.toBytes();
        byte[] signature;
        try {
            Signature s = Signature.getInstance(BundleFormat.ALGORITHM);
            s.initSign(releaseKey.getPrivate());
            s.update(bytes);
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an EC P-256 key pair is needed): " + e.getMessage(), e);
        }
        DataOutputStream data = new DataOutputStream(out);
        data.write(BundleFormat.MAGIC);
        data.writeInt(bytes.length);
        data.write(bytes);
        byte[] id = ReleaseKeys.id(releaseKey.getPublic());
        data.writeByte(id.length);
        data.write(id);
        data.writeShort(signature.length);
        data.write(signature);
        try (InputStream in = Files.newInputStream(payload)) {
            in.transferTo(data);
        }
        data.flush();
        return manifest;
    }
}

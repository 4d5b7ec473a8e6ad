package dev.salle.bundle;

import dev.salle.bundle.BundleRejectedException.Reason;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;

/**
 * What the fleet checks before it hosts a bundle, reading the file once: it is a bundle, its
 * manifest parses, the payload has exactly the signed size and SHA-256, and nothing follows. With
 * release keys given, the manifest must also be signed by one of them. The device checks all of
 * this again, and more (its target, anti-rollback), before it installs; this catches a wrong or
 * damaged file at the fleet, before a whole wave downloads it.
 */
public final class BundleInspector {

    /**
     * A bundle file that passed.
     *
     * @param manifest what it says about itself
     * @param keyId the id of the key that signed it (hex)
     * @param signatureChecked whether a given release key verified the signature
     * @param size the file's length in bytes
     * @param sha256 the whole file's SHA-256 in hex: the name the fleet serves it under
     */
    public record Inspected(BundleManifest manifest, String keyId, boolean signatureChecked, long size, String sha256) {
    }

    /**
     * What a bundle's head says, read without its payload (for listing files already checked).
     *
     * @param manifest its manifest, parsed but not verified
     * @param keyId the id of the key it names as its signer (hex)
     */
    public record Head(BundleManifest manifest, String keyId) {
    }

    private BundleInspector() {
    }

    /**
     * Reads only the head of a bundle: quick, and no proof of anything; {@link #inspect} checks.
     *
     * @throws BundleRejectedException when the head is not a bundle's, or its manifest does not parse
     */
    public static Head head(Path file) throws BundleRejectedException, IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 32 * 1024))) {
            BundleHeader header = BundleHeader.read(in);
            return new Head(header.manifest(false), header.keyIdHex());
        }
    }

    /**
     * @param releaseKeys keys of which one must have signed it; empty to skip the signature (the
     *     devices still check it)
     * @throws BundleRejectedException with the same reasons a device gives
     * @throws IOException when the file cannot be read
     */
    public static Inspected inspect(Path file, List<PublicKey> releaseKeys) throws BundleRejectedException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return inspect(in, releaseKeys, OutputStream.nullOutputStream());
        }
    }

    /**
     * Reads a bundle to its end once, writing every byte read to {@code copy} as it goes: what was
     * checked is exactly what was copied. {@code copy} is not closed.
     *
     * @param releaseKeys as for {@link #inspect(Path, List)}
     * @throws BundleRejectedException with the same reasons a device gives; {@code copy} then holds a part
     */
    public static Inspected inspect(InputStream bundle, List<PublicKey> releaseKeys, OutputStream copy)
            throws BundleRejectedException, IOException {
        MessageDigest whole = BundleHeader.sha256();
        DataInputStream in = new DataInputStream(new DigestInputStream(new Tee(new BufferedInputStream(bundle, 64 * 1024),
                copy), whole));
        BundleHeader header = BundleHeader.read(in);
        boolean checked = !releaseKeys.isEmpty();
        if (checked) {
            PublicKey key = releaseKeys.stream().filter(k -> ReleaseKeys.idHex(k).equals(header.keyIdHex())).findFirst()
                    .orElseThrow(() -> new BundleRejectedException(Reason.UNKNOWN_KEY, "the bundle is signed by key "
                            + header.keyIdHex() + ", which is not among the given release keys"));
            if (!header.signedBy(key)) {
                throw new BundleRejectedException(Reason.BAD_SIGNATURE, "the manifest's signature does not match");
            }
        }
        BundleManifest manifest = header.manifest(checked);
        BundleHeader.copyPayload(in, manifest, OutputStream.nullOutputStream());
        return new Inspected(manifest, header.keyIdHex(), checked, header.length() + manifest.payloadSize(),
                HexFormat.of().formatHex(whole.digest()));
    }

    /** Passes on what it reads, and writes the same bytes to {@code copy}. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("a bundle is read through, never skipped");
        }
    }
}

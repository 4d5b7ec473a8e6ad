package dev.salle.bundle;

import dev.salle.bundle.BundleRejectedException.Reason;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
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
        BundleHeader header = BundleHeader.read(in);
        PublicKey key = trusted.get(header.keyIdHex());
        if (key == null) {
            throw new BundleRejectedException(Reason.UNKNOWN_KEY, "the bundle is signed by key " + header.keyIdHex()
                    + ", which this device's image does not trust");
        }
        if (!header.signedBy(key)) {
            throw new BundleRejectedException(Reason.BAD_SIGNATURE, "the manifest's signature does not match");
        }
        BundleManifest manifest = header.manifest(true);
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
        try (OutputStream out = Files.newOutputStream(staging)) {
            BundleHeader.copyPayload(in, manifest, out);
        }
        return new VerifiedBundle(manifest, staging);
    }
}

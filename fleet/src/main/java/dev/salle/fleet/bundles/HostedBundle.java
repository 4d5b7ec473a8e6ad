package dev.salle.fleet.bundles;

import dev.salle.bundle.BundleManifest;

/**
 * A bundle in the fleet's library.
 *
 * @param sha256 the whole file's SHA-256 in hex; the file is {@code <sha256>.bundle}
 * @param size its length in bytes
 * @param manifest what it says about itself
 * @param keyId the release key that signed it (hex)
 * @param signatureChecked whether the fleet checked that signature at import (devices always do)
 */
public record HostedBundle(String sha256, long size, BundleManifest manifest, String keyId, boolean signatureChecked) {

    /** The file's name in the library and in its address. */
    public String fileName() {
        return sha256 + ".bundle";
    }
}

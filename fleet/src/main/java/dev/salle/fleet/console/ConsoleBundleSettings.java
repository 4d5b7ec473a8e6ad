package dev.salle.fleet.console;

import dev.salle.fleet.bundles.BundleLibrary;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * What the console needs to list, take in and roll out the bundles the fleet hosts.
 *
 * @param library the folder {@code fleet serve} hosts (and records {@code served-at} in)
 * @param releaseKeys keys one of which must have signed an uploaded bundle ({@code fleet serve --release-key});
 *     empty to leave the signature to the devices, as {@code rollout create --bundle} without {@code --release-key} does
 * @param maxUploadBytes the largest upload taken, in bytes: 1 to {@link #MAX_UPLOAD_BYTES}
 */
public record ConsoleBundleSettings(BundleLibrary library, List<PublicKey> releaseKeys, long maxUploadBytes) {

    /**
     * 2 GiB: an OS image bundle carries a whole slot (a root of at most 1.5 GiB and a boot image of
     * at most 256 MiB, docs/image.md), and a device-app bundle is far smaller.
     */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 2L << 30;
    /** 16 GiB: more than any slot of the image; the copy being checked sits in the bundle folder. */
    public static final long MAX_UPLOAD_BYTES = 16L << 30;

    public ConsoleBundleSettings {
        Objects.requireNonNull(library, "library");
        releaseKeys = List.copyOf(releaseKeys);
        if (maxUploadBytes < 1 || maxUploadBytes > MAX_UPLOAD_BYTES) {
            throw new IllegalArgumentException("the console's upload limit is " + maxUploadBytes + " bytes; allowed: 1 to "
                    + MAX_UPLOAD_BYTES + " (16 GiB)");
        }
    }

    /** The library, with the fleet's release keys and the default limit. */
    public static ConsoleBundleSettings of(BundleLibrary library, List<PublicKey> releaseKeys) {
        return new ConsoleBundleSettings(library, releaseKeys, DEFAULT_MAX_UPLOAD_BYTES);
    }
}

package dev.salle.bundle;

import java.nio.file.Path;

/** A bundle that passed every check: its manifest, and its payload in the staging file. */
public record VerifiedBundle(BundleManifest manifest, Path payload) {
}

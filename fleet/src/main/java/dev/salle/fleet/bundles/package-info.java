/**
 * Bundles the fleet hosts: a folder of imported bundle files named by their SHA-256
 * ({@link dev.salle.fleet.bundles.BundleLibrary}), served to devices over HTTPS with byte ranges
 * ({@link dev.salle.fleet.bundles.BundleServer}), and the rollouts that use each
 * ({@link dev.salle.fleet.bundles.BundleUses}).
 */
package dev.salle.fleet.bundles;

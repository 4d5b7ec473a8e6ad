/**
 * Bundles the fleet hosts: a folder of imported bundle files named by their SHA-256
 * ({@link dev.salle.fleet.bundles.BundleLibrary}), served to devices over HTTPS with byte ranges
 * ({@link dev.salle.fleet.bundles.BundleServer}).
 */
package dev.salle.fleet.bundles;

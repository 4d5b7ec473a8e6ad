/**
 * Signed update bundles: a manifest (version, target, the version it updates from, payload size and
 * SHA-256) signed with the release key, followed by the payload. A device verifies all of it before
 * it installs anything ({@code docs/updates.md}).
 */
package dev.salle.bundle;

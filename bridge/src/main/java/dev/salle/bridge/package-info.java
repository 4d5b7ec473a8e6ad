/**
 * The on-site bridge's process: {@link dev.salle.bridge.Bridge} wires the configuration, rooms,
 * lobby, metrics and HTTP server; {@link dev.salle.bridge.BridgeMain} ({@code ./salle bridge}) and
 * {@link dev.salle.bridge.TokenMain} ({@code ./salle token}) are the command lines.
 */
package dev.salle.bridge;

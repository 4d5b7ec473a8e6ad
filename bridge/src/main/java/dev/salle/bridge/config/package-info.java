/**
 * The bridge's configuration: one immutable {@link dev.salle.bridge.config.BridgeConfig} validated
 * at start-up, its {@link dev.salle.bridge.config.BridgeLimits}, and where API keys come from
 * ({@link dev.salle.bridge.config.KeySource}). Every refusal is a
 * {@link dev.salle.bridge.config.ConfigException} naming the key, the bad value and what is allowed.
 */
package dev.salle.bridge.config;

/**
 * The device's configuration: one file of {@code key = value} lines, a schema that declares every
 * key (type, default with units, description, whether it is secret), and one immutable record per
 * feature, validated at start-up. Unknown keys and bad values fail start-up with a message that
 * names the key, the value and what is allowed.
 */
package dev.salle.device.config;

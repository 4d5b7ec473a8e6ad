/** What the fleet's MQTT broker enforces for enrolled devices: per-device topic access. */
package dev.salle.provisioning.broker;

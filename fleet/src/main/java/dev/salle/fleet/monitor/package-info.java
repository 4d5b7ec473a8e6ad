/** Listening to the devices: the fleet's MQTT connection and what it records from each message. */
package dev.salle.fleet.monitor;

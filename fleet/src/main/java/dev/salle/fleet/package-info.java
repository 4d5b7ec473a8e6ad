/** The fleet manager: what it knows of every device, from the devices' own MQTT messages. */
package dev.salle.fleet;

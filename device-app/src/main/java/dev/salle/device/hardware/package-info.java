/** Picks the device's hardware drivers: Pi4J on a Raspberry Pi, simulated ones on a PC. */
package dev.salle.device.hardware;

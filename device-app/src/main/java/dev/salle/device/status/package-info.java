/** How the device tells the room what it is doing: the LED policy, the screen's words, the recent-state log. */
package dev.salle.device.status;

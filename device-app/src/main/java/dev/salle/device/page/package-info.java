/**
 * The device page: a small local web page that shows what the device's HDMI output shows (live
 * snapshots of the display pipeline), the status LED, the call state, and a Join button that
 * presses the device's button. It is how a PC runs the device, and how a technician looks at one.
 */
package dev.salle.device.page;

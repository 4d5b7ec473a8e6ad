/**
 * The device page and the local control API: a small local web page that shows what the device's
 * HDMI output shows (live snapshots of the display pipeline), the status LED and the call state,
 * with Join, Leave and Mute buttons; and under {@code /api/} the HTTP+JSON API those buttons, a
 * room's tablet and end-to-end tests use (documented in {@code docs/control-api.md}), guarded by
 * the controller PIN {@code page.pin} when it is set. It is how a PC runs the device, and how a
 * technician looks at one.
 */
package dev.salle.device.page;

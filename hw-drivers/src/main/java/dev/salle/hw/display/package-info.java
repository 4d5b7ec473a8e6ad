/**
 * The room's screen: a role ({@link dev.salle.hw.display.Display}) to wake it, put it to standby,
 * switch it to the device's input, and watch hot-plug and resolution; an implementation over
 * HDMI-CEC ({@code cec-ctl}) and the kernel's DRM connectors in sysfs, and a simulated screen.
 */
package dev.salle.hw.display;

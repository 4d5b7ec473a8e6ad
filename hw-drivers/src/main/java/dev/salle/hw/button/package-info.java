/**
 * The device's single physical button: a role ({@link dev.salle.hw.button.Button}), the events it
 * reports ({@link dev.salle.hw.button.ButtonEvent}), and implementations on Pi4J GPIO and simulated
 * on a PC. Both implementations share one debouncing and long-press state machine, so a simulated
 * press takes the same path as a real one.
 */
package dev.salle.hw.button;

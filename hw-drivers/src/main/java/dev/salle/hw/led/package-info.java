/**
 * The status LED: a role ({@link dev.salle.hw.led.StatusLed}), the states the device shows
 * ({@link dev.salle.hw.led.LedState}, each a colour and a {@link dev.salle.hw.led.LedPattern}),
 * an RGB LED on three Pi4J GPIO outputs, and a simulated LED for the device page.
 */
package dev.salle.hw.led;

package dev.salle.hw.led;

/**
 * Hears what the status LED shows, so the device page can draw it.
 *
 * <p>Called with the state now shown: after {@link StatusLed#show(LedState)} (on the caller's thread,
 * only when the shown state changes), with {@link LedState#IDENTIFY} when identify starts (caller's
 * thread), and with the current state when identify ends (the LED's scheduler thread). Blink
 * phases are not reported: the listener draws the pattern itself.
 */
@FunctionalInterface
public interface LedListener {

    void shown(LedState state);
}

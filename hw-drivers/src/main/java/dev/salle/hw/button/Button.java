package dev.salle.hw.button;

/**
 * The device's physical button, as a source of {@link ButtonEvent}s.
 *
 * <p>Contract: a bounce shorter than the debounce time never produces an event; a hold shorter than
 * the long-press threshold produces one {@link ButtonEvent#PRESS} on release; a hold that crosses
 * the threshold produces one {@link ButtonEvent#LONG_PRESS} at the crossing and nothing on release.
 *
 * <p>Threading: listeners may be added and removed from any thread; they are called on the
 * implementation's scheduler thread (see {@link ButtonListener}). The button owns the GPIO line it
 * opened and releases it in {@link #close()}; after close no listener is called again.
 */
public interface Button extends AutoCloseable {

    /** Starts delivering events to the listener. Adding the same listener twice delivers once. */
    void addListener(ButtonListener listener);

    /** Stops delivering events to the listener; unknown listeners are ignored. */
    void removeListener(ButtonListener listener);

    /** Whether the button is held down now (debounced). A button held when it was opened counts. */
    boolean isPressed();

    /** Releases the button's line and timers. Idempotent. */
    @Override
    void close();
}

package dev.salle.hw.button;

/**
 * Receives the button's events.
 *
 * <p>Called on the button's scheduler thread (the {@code ScheduledExecutorService} given to the
 * implementation), one event at a time, in the order they happened. Keep it short: hand real work to
 * another executor. An exception thrown here is logged and does not stop other listeners.
 */
@FunctionalInterface
public interface ButtonListener {

    /** The user pressed (or long-pressed) the button. */
    void onButton(ButtonEvent event);
}

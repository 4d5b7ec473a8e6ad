package dev.salle.hw.button;

/** What the user did with the button. */
public enum ButtonEvent {
    /** A short press: fired on release, when the button was held shorter than the long-press threshold. */
    PRESS,
    /**
     * A long press: fired once while the button is still held, when the hold crosses the long-press
     * threshold. The release that follows fires nothing.
     */
    LONG_PRESS
}

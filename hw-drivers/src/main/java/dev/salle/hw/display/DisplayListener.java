package dev.salle.hw.display;

/**
 * Hears display hot-plug: called when a display is connected or disconnected, or its preferred
 * mode changes, with the new status. Called on the display's scheduler thread (the one that
 * polls); keep it short. Power changes are not reported here.
 */
@FunctionalInterface
public interface DisplayListener {

    void displayChanged(DisplayStatus status);
}

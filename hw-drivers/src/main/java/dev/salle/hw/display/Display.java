package dev.salle.hw.display;

/**
 * The room's screen.
 *
 * <p>Contract: the control methods send one request to the display and return when it was sent
 * (HDMI-CEC has no reliable "done"); they throw {@link DisplayException} when it could not be sent
 * or the display did not acknowledge, saying what to check. {@link #status()} never throws: an
 * unreadable connector reads as disconnected.
 *
 * <p>Threading: safe from any thread; control methods block for the length of one CEC exchange
 * (well under a second). Listeners: see {@link DisplayListener}. {@link #close()} stops watching
 * for hot-plug.
 */
public interface Display extends AutoCloseable {

    /** Wakes the display (CEC Image View On). */
    void powerOn();

    /** Puts the display to standby (CEC Standby). */
    void standby();

    /** Makes the device the display's active input (CEC Active Source with our physical address). */
    void switchToThisInput();

    /** Asks the display for its power state, and remembers the answer in {@link #status()}. */
    PowerState queryPower();

    /** Hot-plug, preferred mode, and the last known power state. */
    DisplayStatus status();

    void addListener(DisplayListener listener);

    void removeListener(DisplayListener listener);

    /** Stops hot-plug watching. Idempotent. */
    @Override
    void close();
}

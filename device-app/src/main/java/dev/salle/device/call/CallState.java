package dev.salle.device.call;

import java.util.Locale;

/** Where the room is with its meeting. */
public enum CallState {
    /** Not in a meeting; the button joins. */
    IDLE,
    /** Joining the meeting; the button cancels. */
    JOINING,
    /** In the meeting; the button leaves, a long press toggles the microphone. */
    IN_CALL,
    /** Leaving the meeting. */
    LEAVING,
    /** Something failed; the screen says what. The button tries again; the device returns to idle by itself. */
    ERROR,
    /** The device has no identity yet and waits for its enrolment QR code. */
    PROVISIONING;

    /** The wire name used in telemetry and the fleet protocol, e.g. {@code in_call}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

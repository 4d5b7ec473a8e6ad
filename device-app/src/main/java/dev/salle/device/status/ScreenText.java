package dev.salle.device.status;

import dev.salle.device.call.CallSnapshot;

/** The words the screen shows for a call state: short, for people across a room. */
public final class ScreenText {

    private ScreenText() {}

    /** A one-line label for the state, e.g. "In call". */
    public static String label(CallSnapshot call) {
        return switch (call.state()) {
            case IDLE -> "Ready";
            case JOINING -> call.message().isEmpty() ? "Joining…" : call.message();
            case IN_CALL -> (call.message().isEmpty() ? "In call" : call.message())
                    + (call.muted() ? " · microphone off" : "");
            case LEAVING -> "Leaving…";
            case ERROR -> "Error";
            case PROVISIONING -> "Show me this room's QR code";
        };
    }

    /** The status screen's text under the room name: the label, then what to do or what went wrong. */
    public static String status(CallSnapshot call) {
        return switch (call.state()) {
            case IDLE -> "Press the button to join the meeting";
            case ERROR -> "Error: " + call.message();
            default -> label(call);
        };
    }
}

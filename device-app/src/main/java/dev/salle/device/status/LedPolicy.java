package dev.salle.device.status;

import dev.salle.device.call.CallSnapshot;
import dev.salle.hw.led.LedState;

/** Which LED state tells the truth about a call state. */
public final class LedPolicy {

    private LedPolicy() {}

    public static LedState forCall(CallSnapshot call) {
        return switch (call.state()) {
            case IDLE, LEAVING -> LedState.IDLE;
            case JOINING -> LedState.JOINING;
            case IN_CALL -> call.muted() ? LedState.MUTED : LedState.IN_CALL;
            case ERROR -> LedState.ERROR;
            case PROVISIONING -> LedState.PROVISIONING;
        };
    }
}

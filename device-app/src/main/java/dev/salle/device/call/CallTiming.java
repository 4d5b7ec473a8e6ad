package dev.salle.device.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the call's steps may take.
 *
 * @param joinTimeout a join that takes longer becomes an error
 * @param leaveTimeout a leave that takes longer is abandoned and the device is idle again
 * @param errorHold how long an error stays on screen before the device returns to idle
 */
public record CallTiming(Duration joinTimeout, Duration leaveTimeout, Duration errorHold) {
    public CallTiming {
        Objects.requireNonNull(joinTimeout, "joinTimeout");
        Objects.requireNonNull(leaveTimeout, "leaveTimeout");
        Objects.requireNonNull(errorHold, "errorHold");
    }
}

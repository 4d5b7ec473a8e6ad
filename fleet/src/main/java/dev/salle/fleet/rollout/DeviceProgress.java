package dev.salle.fleet.rollout;

/** Where one device is in a rollout. */
public enum DeviceProgress {
    /** Its wave has not started. */
    WAITING,
    /** Its wave started: the fleet asks it to update (when it is online). */
    STARTED,
    /** It reported progress (downloading, verifying, installing, rebooting). */
    IN_PROGRESS,
    /** It runs the new version and reported healthy. */
    SUCCEEDED,
    /** It refused the bundle, or failed its health check and rolled back by itself. */
    FAILED,
    /** It did not finish within the policy's device timeout. */
    TIMED_OUT;

    boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
    }

    boolean failed() {
        return this == FAILED || this == TIMED_OUT;
    }
}

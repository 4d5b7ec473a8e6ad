package dev.salle.device.enrol;

import dev.salle.provisioning.device.DeviceIdentity;

/**
 * What the enrolment flow shows and reports. Called from the flow's worker thread; implementations
 * hand the work to the screen and LED and return quickly.
 */
public interface EnrolmentScreen {

    /** The sentence the screen shows over the self-view, and the flow's current step. */
    void show(EnrolmentStep step, String message);

    /** The device has its identity, stored; the flow is over. */
    void enrolled(DeviceIdentity identity);
}

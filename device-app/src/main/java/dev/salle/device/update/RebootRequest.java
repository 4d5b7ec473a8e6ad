package dev.salle.device.update;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the next restart must be a reboot: on the OS image, a new slot only runs after the boot
 * loader starts it, so the update agent asks for one before it asks for a restart. The device's
 * entry point then exits with its reboot code (76), which the systemd unit turns into a reboot.
 * Process-wide, because it describes how this process ends.
 */
public final class RebootRequest {

    private static final AtomicBoolean REQUESTED = new AtomicBoolean();

    private RebootRequest() {}

    public static void request() {
        REQUESTED.set(true);
    }

    public static boolean requested() {
        return REQUESTED.get();
    }

    /** For tests. */
    static void clear() {
        REQUESTED.set(false);
    }
}

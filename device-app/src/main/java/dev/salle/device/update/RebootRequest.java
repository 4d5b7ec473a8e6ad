package dev.salle.device.update;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the next restart must be a reboot, and which kind: on the OS image, a new slot only runs
 * after the boot loader or the firmware starts it, so the update agent asks for one before it asks
 * for a restart. The device's entry point then exits with the kind's code, which the systemd unit
 * turns into the reboot:
 *
 * <ul>
 *   <li>75: a restart of the app alone (no reboot asked);
 *   <li>76 ({@link Kind#PLAIN}): a plain reboot (into a GRUB slot on trial, or back to the previous
 *       slot after a failed health check, on GRUB and on the Raspberry Pi);
 *   <li>77 ({@link Kind#TRYBOOT}): a reboot with the Raspberry Pi firmware's one-shot tryboot flag
 *       ({@code systemctl reboot "0 tryboot"}), into a slot on trial ({@link TrybootSlots}).
 * </ul>
 *
 * Process-wide, because it describes how this process ends. A plain reboot wins over a tryboot one:
 * it never starts an untried slot.
 */
public final class RebootRequest {

    /** A kind of reboot, with the exit code that asks the systemd unit for it. */
    public enum Kind {
        PLAIN(76),
        TRYBOOT(77);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private static final AtomicReference<Kind> REQUESTED = new AtomicReference<>();

    private RebootRequest() {}

    /** Asks for a plain reboot. */
    public static void request() {
        REQUESTED.set(Kind.PLAIN);
    }

    /** Asks for a tryboot reboot, unless a plain one was asked already. */
    public static void requestTryboot() {
        REQUESTED.compareAndSet(null, Kind.TRYBOOT);
    }

    public static boolean requested() {
        return REQUESTED.get() != null;
    }

    /** The reboot asked for, if any. */
    public static Optional<Kind> kind() {
        return Optional.ofNullable(REQUESTED.get());
    }

    /** For tests. */
    static void clear() {
        REQUESTED.set(null);
    }
}

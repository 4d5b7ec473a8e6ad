package dev.salle.device;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the device app is doing, through libsystemd's {@code sd_notify}: {@code READY=1}
 * when it has started, {@code STATUS=…} lines, and {@code WATCHDOG=1} pings for the unit's
 * {@code WatchdogSec}. Does nothing when the app was not started by systemd ({@code NOTIFY_SOCKET}
 * unset) or libsystemd is missing.
 */
public final class SystemdNotifier {

    /** The one function of libsystemd used here. */
    interface LibSystemd extends Library {
        int sd_notify(int unsetEnvironment, String state);
    }

    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    private final Optional<LibSystemd> lib;
    private final Optional<Duration> watchdog;

    SystemdNotifier(Optional<LibSystemd> lib, Optional<Duration> watchdog) {
        this.lib = lib;
        this.watchdog = watchdog;
    }

    /** From this process's environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}). */
    public static SystemdNotifier fromEnvironment() {
        return from(System::getenv);
    }

    static SystemdNotifier from(Function<String, String> env) {
        String socket = env.apply("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return new SystemdNotifier(Optional.empty(), Optional.empty());
        }
        Optional<LibSystemd> lib;
        try {
            lib = Optional.of(Native.load("systemd", LibSystemd.class));
        } catch (UnsatisfiedLinkError e) {
            log.debug("libsystemd is missing ({}); not notifying systemd", e.getMessage());
            lib = Optional.empty();
        }
        return new SystemdNotifier(lib, watchdogInterval(env.apply("WATCHDOG_USEC")));
    }

    /** Half the watchdog's timeout, as systemd advises, when the unit has one. */
    static Optional<Duration> watchdogInterval(String usec) {
        if (usec == null || !usec.matches("[0-9]{1,15}")) {
            return Optional.empty();
        }
        long micros = Long.parseLong(usec);
        return micros <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1000 / 2));
    }

    /** Whether notifications reach systemd. */
    public boolean active() {
        return lib.isPresent();
    }

    /** How often to ping the watchdog, when the unit has one. */
    public Optional<Duration> watchdogInterval() {
        return lib.isPresent() ? watchdog : Optional.empty();
    }

    /** Sends one notification ({@code KEY=value} lines); false when it did not reach systemd. */
    public boolean notify(String state) {
        if (lib.isEmpty()) {
            return false;
        }
        int r = lib.get().sd_notify(0, state);
        if (r < 0) {
            log.warn("sd_notify({}) failed: error {}", state.replace('\n', ' '), -r);
        }
        return r > 0;
    }
}

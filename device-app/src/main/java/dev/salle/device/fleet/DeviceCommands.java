package dev.salle.device.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Implemented by the device app: what a fleet command may ask the device to do.
 *
 * <p>The agent calls these only for requests that parsed and validated; arguments are already
 * checked for type and range. Threading: called from the agent's executor, one at a time; return
 * quickly (start long work, do not wait for it). A thrown exception becomes a {@code failed} reply.
 */
public interface DeviceCommands {

    /** Show who this device is (room name, id) on screen and LED for that long. */
    void identify(Duration duration);

    /** Restart the device app. Called after the reply was published (or failed to publish). */
    void restart();

    /**
     * Wipe the device's identity (key, certificate, enrolment settings) and restart into QR
     * scanning. Called after the reply was published (or failed to publish).
     */
    void factoryReset();

    /**
     * Start fetching the signed bundle at {@code url}; it is verified before anything is installed,
     * and installed when the room is idle. Progress goes out as {@code update} events.
     */
    CommandResult update(java.net.URI url);

    /** Join the given meeting, or the next scheduled one when empty. */
    CommandResult join(Optional<String> meetingUrl);

    /** Leave the current call. */
    CommandResult leave();

    /** The current configuration, without secrets. */
    Map<String, Object> config();

    /**
     * Applies configuration changes atomically: all keys or none. A rejected change returns
     * {@link CommandResult#invalidArgument(String, String)} naming the key.
     */
    CommandResult setConfig(Map<String, Object> changes);
}

package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import dev.salle.settings.DeviceSettings;
import dev.salle.settings.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's current configuration, and the one way to change it at run time (a fleet
 * {@code set-config}). A change is validated whole, written to the config file atomically when the
 * device has one, and only then made current; a refused change leaves everything as it was.
 *
 * <p>Threading: thread-safe. Listeners are called on the thread that applied the change, after it
 * is current.
 */
public final class ConfigStore {

    private static final Logger log = LoggerFactory.getLogger(ConfigStore.class);

    private final Optional<Path> file;
    private final String hostName;
    private final List<Consumer<DeviceConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile DeviceConfig current;

    /**
     * @param initial the configuration the device started with
     * @param file where changes are saved; empty when the device runs from built-in values (the demo)
     */
    public ConfigStore(DeviceConfig initial, Optional<Path> file, String hostName) {
        this.current = initial;
        this.file = file;
        this.hostName = hostName;
    }

    public DeviceConfig current() {
        return current;
    }

    public void addListener(Consumer<DeviceConfig> listener) {
        listeners.add(listener);
    }

    /**
     * Applies what enrolment gave the device, saved to the config file when there is one.
     *
     * @throws ConfigException naming the key when a value is refused; nothing is changed then
     * @throws IOException when the config file cannot be written; nothing is changed then
     */
    public synchronized void applyEnrolment(Map<String, String> values) throws IOException {
        ConfigValues next = current.values().withEnrolment(values);
        if (file.isPresent()) {
            ConfigFile.saveAtomically(file.get(), next.explicit());
        }
        current = DeviceConfig.from(next, hostName);
        log.info("configuration set by enrolment: {}", values.keySet());
        for (Consumer<DeviceConfig> l : listeners) {
            l.accept(current);
        }
    }

    /**
     * Applies changes from the fleet.
     *
     * @return the keys that need a restart of the device app to take effect
     * @throws ConfigException naming the key when a change is refused; nothing is changed then
     * @throws IOException when the config file cannot be written; nothing is changed then
     */
    public synchronized List<String> applyFleetChanges(Map<String, String> changes) throws IOException {
        ConfigValues next = current.values().withFleetChanges(changes);
        if (file.isPresent()) {
            ConfigFile.saveAtomically(file.get(), next.explicit());
        }
        current = DeviceConfig.from(next, hostName);
        List<String> restart = new ArrayList<>();
        for (String key : changes.keySet()) {
            if (DeviceSettings.BY_KEY.get(key).change() == Setting.Change.FLEET_RESTART) {
                restart.add(key);
            }
        }
        log.info("configuration changed by the fleet: {}{}", changes.keySet(),
                restart.isEmpty() ? "" : "; takes effect at the next start: " + restart);
        for (Consumer<DeviceConfig> l : listeners) {
            l.accept(current);
        }
        return restart;
    }
}

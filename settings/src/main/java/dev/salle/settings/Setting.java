package dev.salle.settings;

import java.util.Objects;

/**
 * One declared configuration key: its type, its default (as text, with units), what it means,
 * whether it is secret (never logged, redacted in {@code get-config}) and who may change it.
 *
 * @param key dotted name, e.g. {@code call.join-timeout}
 * @param type parses and checks the value
 * @param defaultText the default, written as it would be in the file
 * @param description one sentence for the docs and the fleet console
 * @param secret true when the value must never reach a log or a fleet reply
 * @param change who may change it at run time
 */
public record Setting<T>(String key, SettingType<T> type, String defaultText, String description,
                         boolean secret, Change change) {

    /** Who may change a setting, and when it takes effect. */
    public enum Change {
        /** Only the local config file; takes effect at the next start. */
        LOCAL_ONLY,
        /** The fleet may change it; it takes effect at once. */
        FLEET_LIVE,
        /** The fleet may change it; it takes effect at the next start of the device app. */
        FLEET_RESTART
    }

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(change, "change");
        type.parse(defaultText); // a bad default is a programming error: fail at class load
    }

    /** Parses a value for this key, or throws a {@link ConfigException} naming the key. */
    public T parse(String text) {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            String shown = secret ? "(secret value hidden)" : "'" + text + "'";
            throw new ConfigException(key, "config key '" + key + "' has the value " + shown
                    + ", but it must be " + e.getMessage());
        }
    }

    public boolean fleetMayChange() {
        return change != Change.LOCAL_ONLY;
    }
}

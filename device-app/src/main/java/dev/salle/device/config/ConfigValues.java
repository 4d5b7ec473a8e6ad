package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import dev.salle.settings.DeviceSettings;
import dev.salle.settings.Setting;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validated set of configuration values: the keys set explicitly (from the file or the fleet),
 * each checked against its {@link Setting}, and the defaults for the rest. Immutable; changes make
 * a new instance, so a rejected change leaves the old values untouched.
 */
public final class ConfigValues {

    private final Map<String, String> explicit;
    private final Map<String, Object> parsed;

    private ConfigValues(Map<String, String> explicit, Map<String, Object> parsed) {
        this.explicit = Collections.unmodifiableMap(explicit);
        this.parsed = Collections.unmodifiableMap(parsed);
    }

    /** All defaults. */
    public static ConfigValues defaults() {
        return of(Map.of());
    }

    /**
     * Validates explicit values.
     *
     * @throws ConfigException for the first unknown key or bad value, naming it, or when the
     *     device page would listen beyond loopback without a {@code page.pin}
     */
    public static ConfigValues of(Map<String, String> explicitValues) {
        Map<String, String> explicit = new LinkedHashMap<>();
        Map<String, Object> parsed = new HashMap<>();
        for (var entry : explicitValues.entrySet()) {
            Setting<?> setting = settingFor(entry.getKey());
            parsed.put(setting.key(), setting.parse(entry.getValue()));
            explicit.put(setting.key(), entry.getValue());
        }
        for (Setting<?> setting : DeviceSettings.ALL) {
            parsed.computeIfAbsent(setting.key(), k -> setting.parse(setting.defaultText()));
        }
        ConfigValues values = new ConfigValues(explicit, parsed);
        PagePinRule.check(values);
        if (values.get(DeviceSettings.PROVISIONING_ENABLED) && values.get(DeviceSettings.PROVISIONING_TRUST_ANCHORS).isEmpty()) {
            throw new ConfigException(DeviceSettings.PROVISIONING_TRUST_ANCHORS.key(), "config key '"
                    + DeviceSettings.PROVISIONING_TRUST_ANCHORS.key() + "' is empty, but provisioning.enabled is true:"
                    + " give the PEM file of the organisation's provisioning public keys, or the device could not tell a"
                    + " genuine enrolment code from a forged one");
        }
        return values;
    }

    /**
     * Applies changes requested by the fleet. Every change is checked before any is applied.
     *
     * @throws ConfigException naming the key when it is unknown, local-only, or its value is bad
     */
    public ConfigValues withFleetChanges(Map<String, String> changes) {
        for (String key : changes.keySet()) {
            Setting<?> setting = settingFor(key);
            if (!setting.fleetMayChange()) {
                throw new ConfigException(key, "config key '" + key + "' can only be changed in the device's own config file");
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(explicit);
        merged.putAll(changes);
        return of(merged);
    }

    /**
     * Applies what enrolment gave the device (its id, broker, room…), which is the device's own
     * business, so local-only keys are allowed. Every value is checked before any is applied.
     *
     * @throws ConfigException naming the key when it is unknown or its value is bad
     */
    public ConfigValues withEnrolment(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(explicit);
        merged.putAll(changes);
        return of(merged);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) parsed.get(setting.key());
    }

    /** The values set explicitly, in file order: what is written back to the file. */
    public Map<String, String> explicit() {
        return explicit;
    }

    /**
     * Every key with its effective value as text and where it comes from ("file" or "default");
     * secret values are replaced by {@code "(secret)"}.
     */
    public Map<String, Map<String, String>> describe() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Setting<?> s : DeviceSettings.ALL) {
            boolean set = explicit.containsKey(s.key());
            String value = s.secret() ? "(secret)" : set ? explicit.get(s.key()) : s.defaultText();
            out.put(s.key(), Map.of("value", value, "source", set ? "file" : "default",
                    "change", s.change().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        }
        return out;
    }

    private static Setting<?> settingFor(String key) {
        Setting<?> setting = DeviceSettings.BY_KEY.get(key);
        if (setting == null) {
            throw new ConfigException(key, "unknown config key '" + key + "'" + suggestion(key)
                    + "; the keys are listed in docs/configuration.md");
        }
        return setting;
    }

    private static String suggestion(String key) {
        return DeviceSettings.ALL.stream()
                .map(Setting::key)
                .min(Comparator.comparingInt(k -> editDistance(k, key)))
                .filter(k -> editDistance(k, key) <= 3)
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

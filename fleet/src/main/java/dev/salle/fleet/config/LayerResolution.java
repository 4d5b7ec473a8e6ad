package dev.salle.fleet.config;

import dev.salle.settings.DeviceSettings;
import dev.salle.settings.Setting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure arithmetic of the layers: which value wins for a device, where it comes from, and what to
 * send it. A narrower layer wins (device over room over site over organisation). A key no layer
 * sets is not managed by the fleet: the device keeps its own value.
 */
public final class LayerResolution {

    private LayerResolution() {}

    /**
     * The winning value of every key some layer sets for this device.
     *
     * @param layers every stored value
     * @param deviceId the device
     * @param site the site the device reports, if any
     * @param room the room the device reports, if any
     * @return key to winning value (with its scope), sorted by key
     */
    public static Map<String, LayeredValue> effective(List<LayeredValue> layers, String deviceId, Optional<String> site,
                                                       Optional<String> room) {
        Map<String, LayeredValue> out = new TreeMap<>();
        for (ConfigScope.Kind kind : ConfigScope.Kind.values()) {
            for (LayeredValue v : layers) {
                if (v.scope().kind() == kind && applies(v.scope(), deviceId, site, room)) {
                    out.put(v.key(), v);
                }
            }
        }
        return out;
    }

    /** Whether a layer applies to a device placed in this site and room. */
    public static boolean applies(ConfigScope scope, String deviceId, Optional<String> site, Optional<String> room) {
        return switch (scope.kind()) {
            case ORG -> true;
            case SITE -> site.filter(scope.site()::equals).isPresent();
            case ROOM -> site.filter(scope.site()::equals).isPresent() && room.filter(scope.name()::equals).isPresent();
            case DEVICE -> scope.name().equals(deviceId);
        };
    }

    /** Key to value of an effective map. */
    public static Map<String, String> values(Map<String, LayeredValue> effective) {
        Map<String, String> out = new TreeMap<>();
        effective.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /**
     * The {@code set-config} changes that bring a device from what it last accepted to what the
     * layers say now: every wanted value, and for a key the fleet set before but no layer sets any
     * more, the setting's default (the fleet stops managing it, and the room gets what a new device
     * would have).
     */
    public static Map<String, String> changes(Map<String, String> wanted, Map<String, String> applied) {
        Map<String, String> out = new LinkedHashMap<>(new TreeMap<>(wanted));
        for (String key : new TreeMap<>(applied).keySet()) {
            if (!wanted.containsKey(key)) {
                Setting<?> setting = DeviceSettings.BY_KEY.get(key);
                if (setting != null) {
                    out.put(key, setting.defaultText());
                }
            }
        }
        return out;
    }

    /** A short, stable fingerprint of a key-to-value map (SHA-256 of its sorted lines, 16 hex digits). */
    public static String hash(Map<String, String> values) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

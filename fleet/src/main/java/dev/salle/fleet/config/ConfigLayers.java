package dev.salle.fleet.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.fleet.registry.FleetDatabase;
import dev.salle.settings.ConfigException;
import dev.salle.settings.DeviceSettings;
import dev.salle.settings.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration layers in the fleet's database (tables {@code config_layer} and
 * {@code device_config}, migration V5). Every value is checked against the device's settings
 * catalogue before it is stored ({@link #check}); a change with one bad value stores nothing. The
 * database must have been migrated (the registry does it when it opens). Thread-safe: one
 * connection, used under this object's lock.
 */
public final class ConfigLayers implements AutoCloseable {

    /** Keys that name where the device is, which decide its layers: only a device's own layer may set them. */
    static final Set<String> PLACEMENT_KEYS = Set.of(DeviceSettings.ROOM.key(), DeviceSettings.SITE.key());
    static final int MAX_VALUE_CHARS = 2048;
    static final int MAX_UPDATED_BY_CHARS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a device accepted; clears a refusal it had. */
    private static final String RECORD_APPLIED = """
            MERGE INTO device_config c
            USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                AS s (id, applied, applied_hash, applied_at)
            ON c.id = s.id
            WHEN MATCHED THEN UPDATE SET applied = s.applied, applied_hash = s.applied_hash, applied_at = s.applied_at,
                error = NULL, error_hash = NULL, error_at = NULL
            WHEN NOT MATCHED THEN INSERT (id, applied, applied_hash, applied_at) VALUES (s.id, s.applied, s.applied_hash, s.applied_at)""";

    private final Connection connection;

    /** @throws IllegalStateException when it cannot connect ({@link FleetDatabase#connect}) */
    public ConfigLayers(String jdbcUrl, String user, String password) {
        this.connection = FleetDatabase.connect(jdbcUrl, user, password);
    }

    /**
     * Checks one value for a layer: the key must be a device setting the fleet may change, a
     * placement key only in a device's own layer, and the value must parse as that setting.
     *
     * @throws LayerRefusedException naming the key and what is allowed
     */
    public static void check(ConfigScope scope, String key, String value) {
        Setting<?> setting = DeviceSettings.BY_KEY.get(key);
        if (setting == null) {
            throw new LayerRefusedException(key, "'" + key + "' is not a device setting; see docs/configuration.md for the keys");
        }
        if (!setting.fleetMayChange() || setting.secret()) {
            throw new LayerRefusedException(key, "'" + key + "' can only be set in the device's own config file, not by the fleet");
        }
        if (PLACEMENT_KEYS.contains(key) && scope.kind() != ConfigScope.Kind.DEVICE) {
            throw new LayerRefusedException(key, "'" + key + "' places a device in its site and room, so only a device's own"
                    + " layer (device=ID) may set it, not " + scope);
        }
        if (value == null || value.length() > MAX_VALUE_CHARS) {
            throw new LayerRefusedException(key, "the value of '" + key + "' must be at most " + MAX_VALUE_CHARS + " characters");
        }
        try {
            setting.parse(value);
        } catch (ConfigException e) {
            throw new LayerRefusedException(key, e.getMessage());
        }
    }

    /**
     * Sets values in one layer, all or none: every value is checked first.
     *
     * @param by who sets them (a console user name, or {@code cli})
     * @throws LayerRefusedException for the first bad value; nothing is stored then
     */
    public synchronized void set(ConfigScope scope, Map<String, String> values, String by, Instant now) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to set; give at least one KEY=VALUE");
        }
        new TreeMap<>(values).forEach((k, v) -> check(scope, k, v));
        String who = by.length() > MAX_UPDATED_BY_CHARS ? by.substring(0, MAX_UPDATED_BY_CHARS) : by;
        inTransaction(() -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM config_layer WHERE scope = ? AND setting_key = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO config_layer (scope, setting_key, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)")) {
                for (var e : new TreeMap<>(values).entrySet()) {
                    delete.setString(1, scope.stored());
                    delete.setString(2, e.getKey());
                    delete.executeUpdate();
                    insert.setString(1, scope.stored());
                    insert.setString(2, e.getKey());
                    insert.setString(3, e.getValue());
                    insert.setTimestamp(4, Timestamp.from(now));
                    insert.setString(5, who);
                    insert.executeUpdate();
                }
            }
        });
    }

    /**
     * Removes keys from one layer; the next wider layer's value (or, with none, the device's
     * default) takes their place. Keys the layer does not hold are left out of the answer.
     *
     * @return the keys removed
     */
    public synchronized List<String> unset(ConfigScope scope, Collection<String> keys) {
        List<String> removed = new ArrayList<>();
        inTransaction(() -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM config_layer WHERE scope = ? AND setting_key = ?")) {
                for (String key : new java.util.TreeSet<>(keys)) {
                    delete.setString(1, scope.stored());
                    delete.setString(2, key);
                    if (delete.executeUpdate() > 0) {
                        removed.add(key);
                    }
                }
            }
        });
        return removed;
    }

    /** Every stored value, by scope then key. */
    public synchronized List<LayeredValue> all() {
        List<LayeredValue> out = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT scope, setting_key, setting_value, updated_at, updated_by FROM config_layer ORDER BY scope, setting_key");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                ConfigScope scope;
                try {
                    scope = ConfigScope.fromStored(rs.getString(1));
                } catch (IllegalArgumentException e) {
                    continue; // written by hand into the database: not ours to apply
                }
                out.add(new LayeredValue(rs.getString(2), rs.getString(3), scope, rs.getTimestamp(4).toInstant(),
                        rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the configuration layers: " + e.getMessage(), e);
        }
        return out;
    }

    /** What every device last did with its layered configuration, by device id. */
    public synchronized Map<String, DeviceConfigStatus> statuses() {
        Map<String, DeviceConfigStatus> out = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM device_config");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString("id"), status(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the devices' configuration status: " + e.getMessage(), e);
        }
        return out;
    }

    public synchronized DeviceConfigStatus status(String deviceId) {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM device_config WHERE id = ?")) {
            select.setString(1, deviceId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? status(rs) : DeviceConfigStatus.NONE;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the configuration status of " + deviceId + ": " + e.getMessage(), e);
        }
    }

    /** The device accepted these values. */
    public synchronized void recordApplied(String deviceId, Map<String, String> values, Instant now) {
        String json;
        try {
            json = JSON.writeValueAsString(new TreeMap<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the applied values of " + deviceId, e);
        }
        write(deviceId, RECORD_APPLIED, json, LayerResolution.hash(values), now);
    }

    /** Many devices accepted their values: one transaction (the pusher's replies, gathered between passes). */
    public synchronized void recordAppliedAll(Map<String, Map<String, String>> appliedById, Instant now) {
        if (appliedById.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement merge = connection.prepareStatement(RECORD_APPLIED)) {
                for (var e : appliedById.entrySet()) {
                    merge.setString(1, e.getKey());
                    try {
                        merge.setString(2, JSON.writeValueAsString(new TreeMap<>(e.getValue())));
                    } catch (JsonProcessingException ex) {
                        throw new IllegalStateException("cannot write the applied values of " + e.getKey(), ex);
                    }
                    merge.setString(3, LayerResolution.hash(e.getValue()));
                    merge.setTimestamp(4, Timestamp.from(now));
                    merge.addBatch();
                }
                merge.executeBatch();
            }
        });
    }

    /** The device refused the values with this hash; they are not sent again until the layers change. */
    public synchronized void recordError(String deviceId, String hash, String message, Instant now) {
        DeviceConfigStatus before = status(deviceId);
        String json;
        try {
            json = JSON.writeValueAsString(before.applied());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the applied values of " + deviceId, e);
        }
        String cut = message.length() > 1000 ? message.substring(0, 1000) : message;
        try (PreparedStatement merge = connection.prepareStatement("""
                MERGE INTO device_config c
                USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE),
                               CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                    AS s (id, applied, applied_hash, applied_at, error, error_hash, error_at)
                ON c.id = s.id
                WHEN MATCHED THEN UPDATE SET applied = s.applied, applied_hash = s.applied_hash, applied_at = s.applied_at,
                    error = s.error, error_hash = s.error_hash, error_at = s.error_at
                WHEN NOT MATCHED THEN INSERT (id, applied, applied_hash, applied_at, error, error_hash, error_at)
                    VALUES (s.id, s.applied, s.applied_hash, s.applied_at, s.error, s.error_hash, s.error_at)""")) {
            merge.setString(1, deviceId);
            merge.setString(2, json);
            merge.setString(3, before.appliedHash());
            merge.setTimestamp(4, before.appliedAt().map(Timestamp::from).orElse(null));
            merge.setString(5, cut);
            merge.setString(6, hash);
            merge.setTimestamp(7, Timestamp.from(now));
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the configuration error of " + deviceId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing is best effort
        }
    }

    private void write(String deviceId, String sql, String json, String hash, Instant now) {
        try (PreparedStatement merge = connection.prepareStatement(sql)) {
            merge.setString(1, deviceId);
            merge.setString(2, json);
            merge.setString(3, hash);
            merge.setTimestamp(4, Timestamp.from(now));
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the configuration of " + deviceId + ": " + e.getMessage(), e);
        }
    }

    private static DeviceConfigStatus status(ResultSet rs) throws SQLException {
        Map<String, String> applied;
        try {
            applied = JSON.readValue(rs.getString("applied"), new TypeReference<TreeMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            applied = Map.of();
        }
        Timestamp appliedAt = rs.getTimestamp("applied_at");
        Timestamp errorAt = rs.getTimestamp("error_at");
        return new DeviceConfigStatus(applied, rs.getString("applied_hash"),
                Optional.ofNullable(appliedAt).map(Timestamp::toInstant), Optional.ofNullable(rs.getString("error")),
                Optional.ofNullable(rs.getString("error_hash")), Optional.ofNullable(errorAt).map(Timestamp::toInstant));
    }

    private void inTransaction(dev.salle.fleet.registry.Transactions.Work work) {
        dev.salle.fleet.registry.Transactions.run(connection, "change the configuration layers", work);
    }
}

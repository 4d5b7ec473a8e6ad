package dev.salle.fleet.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet's device table, in a SQL database brought up to date by Flyway migrations
 * ({@code db/fleet/…}) when it opens: H2 embedded by default ({@code jdbc:h2:file:…} or
 * {@code jdbc:h2:mem:…}), or PostgreSQL ({@code jdbc:postgresql://…}); see {@link FleetDatabase}.
 * Thread-safe: one connection, used under this object's lock.
 */
public final class DeviceRegistry implements AutoCloseable {

    /** A device's row from its retained state; "last seen" is the state's time too. */
    private static final String UPSERT_STATE = """
            MERGE INTO device d
            USING (VALUES (CAST(? AS VARCHAR), CAST(? AS BOOLEAN), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),
                           CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                AS s (id, online, reason, version, room, site, call_state, state_at)
            ON d.id = s.id
            WHEN MATCHED THEN UPDATE SET online = s.online, reason = s.reason, version = s.version, room = s.room,
                site = s.site, call_state = s.call_state, state_at = s.state_at, last_seen = s.state_at
            WHEN NOT MATCHED THEN INSERT (id, online, reason, version, room, site, call_state, state_at, last_seen)
                VALUES (s.id, s.online, s.reason, s.version, s.room, s.site, s.call_state, s.state_at, s.state_at)""";

    private final Connection connection;

    private DeviceRegistry(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (and migrates) the database at {@code jdbcUrl}.
     *
     * @throws IllegalArgumentException when the URL names no database the fleet runs on
     * @throws IllegalStateException when it cannot connect or migrate, naming the URL without its password
     */
    public static DeviceRegistry open(String jdbcUrl, String user, String password) {
        Connection connection = FleetDatabase.connect(jdbcUrl, user, password);
        try {
            FleetDatabase.migrate(jdbcUrl, user, password);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        return new DeviceRegistry(connection);
    }

    /** An in-memory H2 database that lives as long as this registry. */
    public static DeviceRegistry inMemory(String name) {
        return open("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** Records a device's retained state. */
    public synchronized void recordState(String id, StateMessage state, Instant at) {
        inTransaction(() -> {
            try (PreparedStatement merge = connection.prepareStatement(UPSERT_STATE)) {
                bindState(merge, id, state, at);
                merge.executeUpdate();
            }
        }, "record the state of device " + id);
    }

    /** One state message to record, for {@link #recordStates}. */
    public record StateAt(String id, StateMessage state, Instant at) {}

    /**
     * Records many state messages in one transaction (the {@link RegistryWriter}'s batches), in
     * the order of their ids: two managers writing the same devices then lock rows in the same
     * order and cannot deadlock. A device's messages keep their order among themselves.
     */
    public synchronized void recordStates(java.util.Collection<StateAt> states) {
        if (states.isEmpty()) {
            return;
        }
        List<StateAt> ordered = new ArrayList<>(states);
        ordered.sort(Comparator.comparing(StateAt::id));
        inTransaction(() -> {
            try (PreparedStatement merge = connection.prepareStatement(UPSERT_STATE)) {
                for (StateAt s : ordered) {
                    bindState(merge, s.id(), s.state(), s.at());
                    merge.addBatch();
                }
                merge.executeBatch();
            }
        }, "record " + states.size() + " device states");
    }

    /** Notes many devices as heard from, in one transaction; unknown ones are left out, and "last seen" never goes back. */
    public synchronized void seenAll(Map<String, Instant> seen) {
        if (seen.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE device SET last_seen = GREATEST(last_seen, CAST(? AS TIMESTAMP WITH TIME ZONE)) WHERE id = ?")) {
                for (var e : new java.util.TreeMap<>(seen).entrySet()) { // the same lock order as recordStates
                    update.setTimestamp(1, Timestamp.from(e.getValue()));
                    update.setString(2, e.getKey());
                    update.addBatch();
                }
                update.executeBatch();
            }
        }, "note " + seen.size() + " devices as seen");
    }

    /** A device's latest telemetry as received (JSON text), for {@link #recordHealth}. */
    public record HealthAt(String id, String report, Instant at) {}

    /**
     * Keeps each device's latest health report (table {@code device_health}), many in one
     * transaction, in the order of their ids (the lock order of {@link #recordStates}); a report
     * older than the one stored is not written over it.
     */
    public synchronized void recordHealth(java.util.Collection<HealthAt> reports) {
        if (reports.isEmpty()) {
            return;
        }
        List<HealthAt> ordered = new ArrayList<>(reports);
        ordered.sort(Comparator.comparing(HealthAt::id));
        inTransaction(() -> {
            try (PreparedStatement merge = connection.prepareStatement("""
                    MERGE INTO device_health h
                    USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                        AS s (id, report, reported_at)
                    ON h.id = s.id
                    WHEN MATCHED AND h.reported_at <= s.reported_at THEN UPDATE SET report = s.report, reported_at = s.reported_at
                    WHEN NOT MATCHED THEN INSERT (id, report, reported_at) VALUES (s.id, s.report, s.reported_at)""")) {
                for (HealthAt h : ordered) {
                    merge.setString(1, h.id());
                    merge.setString(2, h.report());
                    merge.setTimestamp(3, Timestamp.from(h.at()));
                    merge.addBatch();
                }
                merge.executeBatch();
            }
        }, "record " + reports.size() + " device health reports");
    }

    /** Every stored health report, as written (the caller checks that each still reads as JSON). */
    public synchronized List<HealthAt> storedHealth() {
        List<HealthAt> out = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, report, reported_at FROM device_health");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                out.add(new HealthAt(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored device health: " + e.getMessage(), e);
        }
        return out;
    }

    /** The ids of the devices online now. */
    public synchronized java.util.Set<String> onlineIds() {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM device WHERE online");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the devices online: " + e.getMessage(), e);
        }
        return out;
    }

    private static void bindState(PreparedStatement merge, String id, StateMessage state, Instant at) throws SQLException {
        merge.setString(1, id);
        merge.setBoolean(2, state.online());
        merge.setString(3, state.reason().orElse(null));
        merge.setString(4, state.version().orElse(null));
        merge.setString(5, state.room().orElse(null));
        merge.setString(6, state.site().orElse(null));
        merge.setString(7, state.online() ? state.call().orElse(null) : null);
        merge.setTimestamp(8, Timestamp.from(at));
    }

    private void inTransaction(Transactions.Work work, String what) {
        Transactions.run(connection, what, work);
    }

    /** Notes that a known device was heard from (telemetry, events); unknown devices are left out. */
    public synchronized boolean seen(String id, Instant at) {
        try (PreparedStatement update = connection.prepareStatement("UPDATE device SET last_seen = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, id);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot note device " + id + " as seen: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<DeviceRecord> device(String id) {
        List<DeviceRecord> found = query("SELECT * FROM device WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every device, by id; with a site, only that site's. */
    public synchronized List<DeviceRecord> devices(Optional<String> site) {
        return site.isPresent() ? query("SELECT * FROM device WHERE site = ? ORDER BY id", site.get())
                : query("SELECT * FROM device ORDER BY id");
    }

    /** How many devices are online now. */
    public synchronized int onlineCount() {
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM device WHERE online");
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the devices online: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing is best effort
        }
    }

    private List<DeviceRecord> query(String sql, String... args) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                select.setString(i + 1, args[i]);
            }
            List<DeviceRecord> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceRecord(rs.getString("id"), rs.getBoolean("online"),
                            Optional.ofNullable(rs.getString("reason")), Optional.ofNullable(rs.getString("version")),
                            Optional.ofNullable(rs.getString("room")), Optional.ofNullable(rs.getString("site")),
                            Optional.ofNullable(rs.getString("call_state")), rs.getTimestamp("state_at").toInstant(),
                            rs.getTimestamp("last_seen").toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the device table: " + e.getMessage(), e);
        }
    }
}

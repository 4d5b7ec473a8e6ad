package dev.salle.fleet.rollout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rollouts in the fleet's database (table {@code rollout}, migration V2): each saved whole after
 * every change, so a fleet manager that restarts mid-rollout loads it and carries on. The database
 * must have been migrated (the registry does it when it opens). Thread-safe: one connection, used
 * under this object's lock.
 */
public final class RolloutStore implements AutoCloseable {

    private final Connection connection;

    public RolloutStore(String jdbcUrl, String user, String password) {
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the rollout table: " + e.getMessage(), e);
        }
    }

    public synchronized void save(Rollout rollout, Instant now) {
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO rollout (id, state, snapshot, updated_at) KEY (id) VALUES (?, ?, ?, ?)")) {
            merge.setString(1, rollout.id());
            merge.setString(2, rollout.state().name());
            merge.setString(3, rollout.snapshot());
            merge.setTimestamp(4, Timestamp.from(now));
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save rollout " + rollout.id() + ": " + e.getMessage(), e);
        }
    }

    /** Stores a new rollout with the address of its bundle; refuses an id that exists. */
    public synchronized void create(Rollout rollout, java.net.URI bundle, Instant now) {
        if (load(rollout.id()).isPresent()) {
            throw new IllegalArgumentException("a rollout with the id '" + rollout.id() + "' exists already");
        }
        save(rollout, now);
        try (PreparedStatement update = connection.prepareStatement("UPDATE rollout SET bundle_url = ? WHERE id = ?")) {
            update.setString(1, bundle.toString());
            update.setString(2, rollout.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the bundle address of rollout " + rollout.id() + ": " + e.getMessage(), e);
        }
    }

    /** The address devices fetch the rollout's bundle from. */
    public synchronized Optional<java.net.URI> bundle(String id) {
        try (PreparedStatement select = connection.prepareStatement("SELECT bundle_url FROM rollout WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(java.net.URI.create(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rollout " + id + ": " + e.getMessage(), e);
        }
    }

    /** Every rollout, newest last. */
    public synchronized List<Rollout> all() {
        return query("SELECT snapshot FROM rollout ORDER BY updated_at, id");
    }

    public synchronized Optional<Rollout> load(String id) {
        List<Rollout> found = query("SELECT snapshot FROM rollout WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The rollouts still going (running, paused or halted), to resume after a restart. */
    public synchronized List<Rollout> unfinished() {
        return query("SELECT snapshot FROM rollout WHERE state IN ('RUNNING', 'PAUSED', 'HALTED') ORDER BY id");
    }

    private List<Rollout> query(String sql, String... args) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                select.setString(i + 1, args[i]);
            }
            List<Rollout> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(Rollout.restore(rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rollouts: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // best effort
        }
    }
}

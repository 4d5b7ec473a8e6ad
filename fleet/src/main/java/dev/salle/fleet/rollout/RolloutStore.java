package dev.salle.fleet.rollout;

import dev.salle.fleet.lease.LeaderLease;
import dev.salle.fleet.lease.LeadershipLostException;
import dev.salle.fleet.lease.Term;
import dev.salle.fleet.registry.FleetDatabase;
import dev.salle.fleet.registry.Transactions;
import java.sql.Connection;
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

    /** @throws IllegalStateException when it cannot connect ({@link FleetDatabase#connect}) */
    public RolloutStore(String jdbcUrl, String user, String password) {
        this.connection = FleetDatabase.connect(jdbcUrl, user, password);
    }

    public synchronized void save(Rollout rollout, Instant now) {
        save(rollout, now, Optional.empty());
    }

    /**
     * Saves the rollout; with a term, only while that term still holds the leader lease, checked
     * in the same transaction ({@link LeaderLease#requireHeld(Connection, Term, String)}).
     *
     * @throws LeadershipLostException when the term no longer leads; nothing was written
     */
    public synchronized void save(Rollout rollout, Instant now, Optional<Term> term) {
        fenced("save rollout " + rollout.id(), term, () -> merge(rollout, now));
    }

    /** Runs {@code work} in one transaction, after checking in it that {@code term}, if any, still holds the lease. */
    private void fenced(String what, Optional<Term> term, Transactions.Work work) {
        Transactions.run(connection, what, () -> {
            if (term.isPresent()) {
                LeaderLease.requireHeld(connection, term.get(), what);
            }
            work.run();
        });
    }

    /**
     * Checks that the term still holds the leader lease, before a step that sends commands.
     *
     * @throws LeadershipLostException when it does not
     */
    public synchronized void requireHeld(Term term, String what) {
        fenced(what, Optional.of(term), () -> { });
    }

    private void merge(Rollout rollout, Instant now) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement("""
                MERGE INTO rollout r
                USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TEXT), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                    AS s (id, state, snapshot, updated_at)
                ON r.id = s.id
                WHEN MATCHED THEN UPDATE SET state = s.state, snapshot = s.snapshot, updated_at = s.updated_at
                WHEN NOT MATCHED THEN INSERT (id, state, snapshot, updated_at) VALUES (s.id, s.state, s.snapshot, s.updated_at)""")) {
            merge.setString(1, rollout.id());
            merge.setString(2, rollout.state().name());
            merge.setString(3, rollout.snapshot());
            merge.setTimestamp(4, Timestamp.from(now));
            merge.executeUpdate();
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

    /** Stores a pause, resume, abort or retry for the running fleet manager; returns its number. */
    public synchronized long requestControl(String rolloutId, RolloutControl.Action action, String by, Instant now) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO rollout_control (rollout_id, action, requested_by, requested_at) VALUES (?, ?, ?, ?)",
                new String[] {"seq"})) {
            insert.setString(1, rolloutId);
            insert.setString(2, action.name());
            insert.setString(3, by.length() > 64 ? by.substring(0, 64) : by);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the request for rollout " + rolloutId + ": " + e.getMessage(), e);
        }
    }

    /** Requests not carried out yet, oldest first. */
    public synchronized List<RolloutControl> pendingControls() {
        return controls("SELECT * FROM rollout_control WHERE done_at IS NULL ORDER BY seq", null);
    }

    /** One request, with its outcome once the fleet manager has carried it out. */
    public synchronized Optional<RolloutControl> control(long seq) {
        List<RolloutControl> found = controls("SELECT * FROM rollout_control WHERE seq = ?", seq);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public synchronized void finishControl(long seq, String outcome, Instant now) {
        finishControl(seq, outcome, now, Optional.empty());
    }

    /**
     * Records what a request did; with a term, only while that term still leads (in the same transaction).
     *
     * @throws LeadershipLostException when the term no longer leads; nothing was written
     */
    public synchronized void finishControl(long seq, String outcome, Instant now, Optional<Term> term) {
        fenced("record the outcome of request " + seq, term, () -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE rollout_control SET outcome = ?, done_at = ? WHERE seq = ?")) {
                update.setString(1, outcome.length() > 300 ? outcome.substring(0, 300) : outcome);
                update.setTimestamp(2, Timestamp.from(now));
                update.setLong(3, seq);
                update.executeUpdate();
            }
        });
    }

    private List<RolloutControl> controls(String sql, Long seq) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (seq != null) {
                select.setLong(1, seq);
            }
            List<RolloutControl> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new RolloutControl(rs.getLong("seq"), rs.getString("rollout_id"),
                            RolloutControl.Action.valueOf(rs.getString("action")), rs.getString("requested_by"),
                            rs.getTimestamp("requested_at").toInstant(), Optional.ofNullable(rs.getString("outcome"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rollout requests: " + e.getMessage(), e);
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

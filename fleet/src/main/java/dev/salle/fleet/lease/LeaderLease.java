package dev.salle.fleet.lease;

import dev.salle.fleet.registry.FleetDatabase;
import dev.salle.fleet.registry.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The leader lease in the fleet's database (table {@code fleet_lease}, migration V7): one row
 * naming the manager that leads, its epoch and when its lease ends. Every time in it is the
 * database's ({@code CURRENT_TIMESTAMP}), so the managers' own clocks, however far apart, never
 * decide who leads. Each {@link #claim} is one transaction that locks the row: the holder renews
 * it; another manager takes it over only once it has expired, with the next epoch; a row that is
 * missing is made again.
 *
 * <p>The database must have been migrated (the registry does it when it opens). Thread-safe: one
 * connection, used under this object's lock.
 */
public final class LeaderLease implements AutoCloseable {

    static final int MAX_HOLDER = 64;
    private static final String ROW = "leader";

    /**
     * What a claim found and left.
     *
     * @param holder who leads after the claim
     * @param epoch its term's epoch
     * @param expiresAt when that lease ends, on the database's clock
     * @param databaseNow the database's time at the claim
     * @param remade whether the row was missing and this claim made it again
     */
    public record LeaseView(String holder, long epoch, Instant expiresAt, Instant databaseNow, boolean remade) {

        public boolean heldBy(String manager) {
            return holder.equals(manager);
        }

        public Term term() {
            return new Term(holder, epoch);
        }
    }

    private final Connection connection;

    LeaderLease(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** @throws IllegalStateException when it cannot connect ({@link FleetDatabase#connect}) */
    public static LeaderLease open(String jdbcUrl, String user, String password) {
        return new LeaderLease(FleetDatabase.connect(jdbcUrl, user, password));
    }

    /**
     * Renews the lease when {@code holder} holds it, takes it over when it has expired (or when
     * its end lies further ahead than {@link LeaseSettings#MAX_LEASE}: written by a clock that
     * has since gone back), makes the row when it is missing; otherwise changes nothing.
     *
     * @param lastEpoch the highest epoch this manager has seen (0 at first): a row made again or
     *     taken over gets at least the epoch after it, so epochs only go up
     * @throws IllegalStateException when the database cannot be reached or refuses
     */
    public synchronized LeaseView claim(String holder, long lastEpoch, Duration lease) {
        requireHolder(holder);
        LeaseView[] out = new LeaseView[1];
        Transactions.run(connection, "claim the fleet's leader lease for " + holder, () -> {
            Instant now = databaseNow();
            Instant until = now.plus(lease);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT holder, epoch, expires_at FROM fleet_lease WHERE name = ? FOR UPDATE")) {
                select.setString(1, ROW);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        long epoch = lastEpoch + 1;
                        try (PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO fleet_lease (name, holder, epoch, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                            insert.setString(1, ROW);
                            insert.setString(2, holder);
                            insert.setLong(3, epoch);
                            insert.setObject(4, at(now));
                            insert.setObject(5, at(until));
                            insert.executeUpdate(); // two managers at once: 23505, and the retry finds the other's row
                        }
                        out[0] = new LeaseView(holder, epoch, until, now, true);
                        return;
                    }
                    String current = rs.getString(1);
                    long epoch = rs.getLong(2);
                    Instant expires = rs.getObject(3, OffsetDateTime.class).toInstant();
                    if (current.equals(holder)) {
                        update("UPDATE fleet_lease SET expires_at = ? WHERE name = ?", null, 0, null, until);
                        out[0] = new LeaseView(holder, epoch, until, now, false);
                    } else if (!expires.isAfter(now) || expires.isAfter(now.plus(LeaseSettings.MAX_LEASE))) {
                        long next = Math.max(epoch, lastEpoch) + 1;
                        update("UPDATE fleet_lease SET holder = ?, epoch = ?, acquired_at = ?, expires_at = ? WHERE name = ?",
                                holder, next, now, until);
                        out[0] = new LeaseView(holder, next, until, now, false);
                    } else {
                        out[0] = new LeaseView(current, epoch, expires, now, false);
                    }
                }
            }
        });
        return out[0];
    }

    /**
     * Ends the term's lease now, so another manager takes over at its next look instead of
     * waiting for the lease to run out. Does nothing when the term no longer holds it.
     *
     * @return whether the term held the lease
     */
    public synchronized boolean release(Term term) {
        boolean[] released = new boolean[1];
        Transactions.run(connection, "release the fleet's leader lease of " + term, () -> {
            Instant now = databaseNow();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE fleet_lease SET expires_at = ? WHERE name = ? AND holder = ? AND epoch = ?")) {
                update.setObject(1, at(now));
                update.setString(2, ROW);
                update.setString(3, term.holder());
                update.setLong(4, term.epoch());
                released[0] = update.executeUpdate() == 1;
            }
        });
        return released[0];
    }

    /**
     * The fence: within the caller's transaction on {@code connection}, locks the lease row and
     * checks it still names the term. A takeover waits for the caller's transaction to end, so
     * nothing the caller then writes lands after the new leader has read.
     *
     * @throws LeadershipLostException when the row names another holder or epoch, or is missing
     */
    public static void requireHeld(Connection connection, Term term, String what) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT epoch FROM fleet_lease WHERE name = ? AND holder = ? AND epoch = ? FOR UPDATE")) {
            select.setString(1, ROW);
            select.setString(2, term.holder());
            select.setLong(3, term.epoch());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new LeadershipLostException(term, what);
                }
            }
        }
    }

    /** Checks the fence in a transaction of its own (before a rollout's step sends anything). */
    public synchronized void requireHeld(Term term, String what) {
        Transactions.run(connection, "check the leader lease of " + term, () -> requireHeld(connection, term, what));
    }

    private void update(String sql, String holder, long epoch, Instant now, Instant until) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            if (holder != null) {
                update.setString(i++, holder);
                update.setLong(i++, epoch);
                update.setObject(i++, at(now));
            }
            update.setObject(i++, at(until));
            update.setString(i, ROW);
            update.executeUpdate();
        }
    }

    private Instant databaseNow() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT CURRENT_TIMESTAMP");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void requireHolder(String holder) {
        if (holder == null || holder.isBlank() || holder.length() > MAX_HOLDER) {
            throw new IllegalArgumentException("a lease holder is 1 to " + MAX_HOLDER + " characters, not '" + holder + "'");
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
}

package dev.salle.fleet.registry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs SQL work in one transaction on a connection that is otherwise in auto-commit, again when
 * the database says the failure was the race of two writers (two fleet managers on one
 * PostgreSQL: a row both inserted at once, a deadlock, a serialization failure).
 */
public final class Transactions {

    /** Tries in all, the first included, before a transient failure is given up on. */
    static final int ATTEMPTS = 4;

    private Transactions() {}

    /** SQL work that may fail. */
    public interface Work {
        void run() throws SQLException;
    }

    /**
     * Commits {@code work}, or rolls it back when it throws; the connection is back in
     * auto-commit either way.
     *
     * @param what what the work does, for the error: "cannot " + what + ": …"
     * @throws IllegalStateException on an SQL error, after the rollback
     */
    public static void run(Connection connection, String what, Work work) {
        for (int attempt = 1; ; attempt++) {
            try {
                connection.setAutoCommit(false);
                try {
                    work.run();
                    connection.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && raced(e)) {
                    pause(attempt);
                    continue;
                }
                throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether the failure, or one chained to it (a batch reports its entries' failures there), is
     * one a second try can get past: a unique violation from two inserts of one new row (23505),
     * a serialization failure (40001) or a deadlock (40P01).
     */
    static boolean raced(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
                return true;
            }
        }
        return false;
    }

    /** A short, growing pause, so the other writer's transaction ends first. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

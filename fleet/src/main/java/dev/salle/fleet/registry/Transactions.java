package dev.salle.fleet.registry;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs SQL work in one transaction on a connection that is otherwise in auto-commit. */
public final class Transactions {

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
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}

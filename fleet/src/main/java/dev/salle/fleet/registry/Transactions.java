package dev.salle.fleet.registry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs SQL work in one transaction on a connection that is otherwise in auto-commit, again when
 * the database says the failure was the race of two writers (two fleet managers on one
 * PostgreSQL: a row both inserted at once, a deadlock, a serialization failure), or when the
 * connection was lost before the commit ({@link ReconnectingConnection} opens a new one).
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
            boolean committing = false;
            try {
                connection.setAutoCommit(false);
                try {
                    work.run();
                    committing = true;
                    connection.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                // a connection lost during the work took the transaction with it: run it again on a
                // new one; lost during the commit, it may have committed, so it is not run twice
                if (attempt < ATTEMPTS && (raced(e) || (!committing && lostConnection(e)))) {
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
        return anyState(e, state -> state.equals("23505") || state.equals("40001") || state.equals("40P01"));
    }

    /**
     * Whether the failure says the connection is gone: a connection exception (SQLSTATE class 08),
     * or the server ending the session (57P01 to 57P03: an administrator, a crash, a server not
     * yet accepting connections).
     */
    static boolean lostConnection(SQLException e) {
        return anyState(e, state -> state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** Whether the failure, or one chained to it (a batch reports its entries' failures there), has a matching SQLSTATE. */
    private static boolean anyState(SQLException e, java.util.function.Predicate<String> matches) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && matches.test(state)) {
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

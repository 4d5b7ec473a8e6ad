package dev.salle.fleet.registry;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} that opens a new connection to the database when the one it has was lost:
 * the server restarted, failed over, or ended it ({@code pg_terminate_backend}), or the network
 * dropped. A statement that fails with a lost connection marks it, the driver closes a connection it
 * lost, and one unused for {@link #IDLE_CHECK_NANOS} is asked whether it still answers; the next
 * call then opens a new connection and goes on. One attempt per call, so a database that stays
 * away is retried at the pace of the fleet's own work (a batch every few seconds), never in a loop.
 *
 * <p>What was lost is lost: a transaction under way ended with its connection, so a
 * {@code rollback} then does nothing; {@link Transactions#run} runs such work again. Statements and
 * result sets of the old connection stay broken; the fleet makes them per use.
 *
 * <p>Thread-safe: calls on the connection are serialised here, as the driver does anyway.
 */
final class ReconnectingConnection implements InvocationHandler {

    private static final Logger log = LoggerFactory.getLogger(ReconnectingConnection.class);
    /** SQLSTATE of a connection that could not be opened again (the standard's "client unable to establish"). */
    static final String UNREACHABLE = "08001";
    /** SQLSTATE of a call made inside a transaction that ended with its connection ("transaction resolution unknown" is 08007). */
    static final String TRANSACTION_LOST = "08007";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final AtomicLong reconnects = new AtomicLong();
    private Connection current;
    private boolean lost;
    /** The caller had a transaction open when the connection was lost. */
    private boolean transactionLost;
    /** What the caller last asked for with {@code setAutoCommit}, applied to a new connection too. */
    private boolean autoCommit = true;
    private boolean closed;
    private long lostAtNanos;
    private long lastUsedNanos = System.nanoTime();
    /**
     * A connection unused this long is asked whether it still works (one round trip) before it is
     * used: a server restarted while the connection sat idle would otherwise fail the first call.
     */
    static final long IDLE_CHECK_NANOS = 2_000_000_000L;

    private ReconnectingConnection(String jdbcUrl, String user, String password, Connection first) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.current = first;
    }

    /** Wraps a connection just opened with these settings, which are used again to reconnect. */
    static Connection wrap(String jdbcUrl, String user, String password, Connection first) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ReconnectingConnection(jdbcUrl, user, password, first));
    }

    /** How many times the connection behind {@code connection} was opened again, or -1 when it is not one of these. */
    static long reconnects(Connection connection) {
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof ReconnectingConnection r) {
            return r.reconnects.get();
        }
        return -1;
    }

    @Override
    public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close" -> {
                closed = true;
                closeQuietly(current);
                return null;
            }
            case "isClosed" -> {
                return closed;
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "toString" -> {
                return "fleet database connection to " + FleetDatabase.redact(jdbcUrl);
            }
            default -> { }
        }
        if (closed) {
            throw new SQLException("the fleet's database connection was closed", "08003");
        }
        long now = System.nanoTime();
        boolean idle = now - lastUsedNanos > IDLE_CHECK_NANOS;
        lastUsedNanos = now;
        if (!lost && (current.isClosed() || (idle && !current.isValid(2)))) {
            markLost("closed under it, or not answering");
        }
        if (lost) {
            if (name.equals("rollback") && (args == null || args.length == 0)) {
                transactionLost = false; // whatever was under way ended with the connection
                return null;
            }
            // the caller's transaction ended with the connection: it must end it too, never go on
            // with half of it on a new connection
            if (transactionLost && !(name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0]))) {
                throw new SQLException("the connection to the fleet database was lost during a transaction, which"
                        + " ended with it; roll back and start again", TRANSACTION_LOST);
            }
            transactionLost = false;
            reconnect();
        }
        Object result;
        try {
            result = method.invoke(current, args);
        } catch (InvocationTargetException e) {
            noteLoss(e.getCause());
            throw e.getCause();
        }
        if (name.equals("setAutoCommit")) {
            autoCommit = (Boolean) args[0];
        }
        if (result != null && java.sql.Statement.class.isAssignableFrom(method.getReturnType())) {
            return watch(result, method.getReturnType());
        }
        return result;
    }

    private void markLost(String why) {
        lost = true;
        transactionLost = !autoCommit;
        lostAtNanos = System.nanoTime();
        log.warn("the connection to the fleet database {} was lost ({}); a new one is opened at the next use",
                FleetDatabase.redact(jdbcUrl), why);
    }

    /** A statement whose failures that say the connection is gone mark it lost, so the next call opens a new one. */
    private Object watch(Object statement, Class<?> type) {
        InvocationHandler h = (p, m, a) -> {
            try {
                return m.invoke(statement, a);
            } catch (InvocationTargetException e) {
                noteLoss(e.getCause());
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    private void noteLoss(Throwable failure) {
        if (failure instanceof SQLException e && Transactions.lostConnection(e)) {
            synchronized (this) {
                if (!lost && !closed) {
                    markLost("SQLSTATE " + e.getSQLState());
                }
            }
        }
    }

    private void reconnect() throws SQLException {
        Connection next;
        try {
            next = DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            throw new SQLException("the fleet database " + FleetDatabase.redact(jdbcUrl) + " cannot be reached again: "
                    + FleetDatabase.redact(String.valueOf(e.getMessage())), UNREACHABLE);
        }
        if (!autoCommit) {
            next.setAutoCommit(false);
        }
        closeQuietly(current);
        current = next;
        lost = false;
        reconnects.incrementAndGet();
        log.info("connected to the fleet database {} again after {} ms", FleetDatabase.redact(jdbcUrl),
                (System.nanoTime() - lostAtNanos) / 1_000_000);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // it is gone already
        }
    }
}

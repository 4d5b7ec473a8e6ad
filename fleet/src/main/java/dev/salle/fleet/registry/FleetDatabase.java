package dev.salle.fleet.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * The fleet's SQL database: which ones it runs on, how to connect, and its migrations. The one
 * place that knows there is more than one database.
 *
 * <p>Every statement of the fleet is SQL that H2 2.x and PostgreSQL 15+ both run (an upsert is the
 * standard {@code MERGE INTO … USING (VALUES …)}); only two migrations differ. Flyway runs
 * {@code db/fleet/common} and the vendor's own folder ({@code db/fleet/h2} or
 * {@code db/fleet/postgresql}). A migration goes into {@code common} when the same text runs on
 * both; otherwise it is written once per vendor with the same version and description. A released
 * migration is never edited: Flyway checks the checksum of every applied one at start.
 *
 * <p>Error messages name the database by its URL with any password in it replaced by {@code ***},
 * and the same is done to the driver's own message. Stateless and thread-safe.
 */
public final class FleetDatabase {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password\\s*=)[^;&\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*@");

    /** The databases the fleet runs on, each with the URL prefix that selects it. */
    public enum Vendor {
        H2("jdbc:h2:"),
        POSTGRESQL("jdbc:postgresql:");

        private final String prefix;

        Vendor(String prefix) {
            this.prefix = prefix;
        }

        /** {@code jdbc:h2:} or {@code jdbc:postgresql:}. */
        public String prefix() {
            return prefix;
        }

        /** The classpath folder of this vendor's own migrations. */
        String migrations() {
            return "classpath:db/fleet/" + name().toLowerCase(Locale.ROOT);
        }
    }

    private FleetDatabase() {}

    /**
     * The vendor a JDBC URL names.
     *
     * @throws IllegalArgumentException for any other URL, naming it (password hidden) and what is allowed
     */
    public static Vendor vendor(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        for (Vendor v : Vendor.values()) {
            if (jdbcUrl.regionMatches(true, 0, v.prefix, 0, v.prefix.length())) {
                return v;
            }
        }
        throw new IllegalArgumentException("the fleet database '" + redact(jdbcUrl) + "' is not one the fleet runs on: give a"
                + " jdbc:h2:file:PATH or jdbc:postgresql://HOST:PORT/DATABASE URL");
    }

    /**
     * Opens a connection, in auto-commit, that opens a new one by itself when it is lost (the
     * server restarted or ended it, the network dropped): {@link ReconnectingConnection}.
     *
     * @throws IllegalArgumentException when the URL names no supported database
     * @throws IllegalStateException when it cannot connect, with the URL (password hidden), the user and why
     */
    public static Connection connect(String jdbcUrl, String user, String password) {
        vendor(jdbcUrl);
        try {
            return ReconnectingConnection.wrap(jdbcUrl, user, password, DriverManager.getConnection(jdbcUrl, user, password));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the fleet database " + redact(jdbcUrl) + " as user '" + user
                    + "': " + redact(String.valueOf(e.getMessage())) + " (check that the server runs, the URL, the user and"
                    + " the password)", causeUnlessSecret(jdbcUrl, e));
        }
    }

    /**
     * Brings the database up to date with the fleet's migrations (idempotent).
     *
     * @throws IllegalArgumentException when the URL names no supported database
     * @throws IllegalStateException when the database cannot be reached or a migration fails
     */
    public static void migrate(String jdbcUrl, String user, String password) {
        Vendor vendor = vendor(jdbcUrl);
        try {
            Flyway.configure().dataSource(jdbcUrl, user, password)
                    .locations("classpath:db/fleet/common", vendor.migrations())
                    .load().migrate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot bring the fleet database " + redact(jdbcUrl) + " up to date as user '" + user
                    + "': " + redact(String.valueOf(e.getMessage())), causeUnlessSecret(jdbcUrl, e));
        }
    }

    /** The driver's exception, unless the URL holds a password its messages might repeat in a stack trace. */
    private static Throwable causeUnlessSecret(String jdbcUrl, Throwable e) {
        return redact(jdbcUrl).equals(jdbcUrl) ? e : null;
    }

    /** The text with every {@code password=…} value and {@code user:password@} replaced by {@code ***}. */
    public static String redact(String text) {
        String out = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
        return USER_INFO.matcher(out).replaceAll("$1***@");
    }
}

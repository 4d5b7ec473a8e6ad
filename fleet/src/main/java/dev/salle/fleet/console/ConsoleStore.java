package dev.salle.fleet.console;

import dev.salle.fleet.registry.FleetDatabase;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console users (passwords kept as PBKDF2-HMAC-SHA256, 210,000 rounds, 16-byte salt) and the audit
 * log, in the fleet's database (migration V4). Thread-safe: one connection under this object's lock.
 */
public final class ConsoleStore implements AutoCloseable {

    /** One line of the audit log. */
    public record AuditEntry(long seq, Instant at, String actor, String action, String target, String outcome) {
    }

    static final int ROUNDS = 210_000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    private final Connection connection;
    private final SecureRandom random = new SecureRandom();

    /** @throws IllegalStateException when it cannot connect ({@link FleetDatabase#connect}) */
    public ConsoleStore(String jdbcUrl, String user, String password) {
        connection = FleetDatabase.connect(jdbcUrl, user, password);
    }

    /** Adds or replaces a user. The password must be at least 12 characters. */
    public synchronized void putUser(String name, Role role, char[] password) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 2-64 of a-z 0-9 . _ - starting with a letter, got '" + name + "'");
        }
        if (password.length < 12) {
            throw new IllegalArgumentException("a console password has at least 12 characters");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        try (PreparedStatement merge = connection.prepareStatement("""
                MERGE INTO console_user u
                USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AS s (name, role, salt, hash)
                ON u.name = s.name
                WHEN MATCHED THEN UPDATE SET role = s.role, salt = s.salt, hash = s.hash
                WHEN NOT MATCHED THEN INSERT (name, role, salt, hash) VALUES (s.name, s.role, s.salt, s.hash)""")) {
            merge.setString(1, name);
            merge.setString(2, role.name());
            merge.setString(3, HexFormat.of().formatHex(salt));
            merge.setString(4, HexFormat.of().formatHex(hash(password, salt)));
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store user " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The user's role when the password is right; the same work is done for unknown users. The
     * slow hash runs outside this object's lock, so a login does not hold up the audit log.
     */
    public Optional<Role> check(String name, char[] password) {
        String role = null;
        byte[] salt = new byte[16];
        byte[] expected = new byte[32];
        synchronized (this) {
            try (PreparedStatement select = connection.prepareStatement("SELECT role, salt, hash FROM console_user WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        role = rs.getString(1);
                        salt = HexFormat.of().parseHex(rs.getString(2));
                        expected = HexFormat.of().parseHex(rs.getString(3));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the users: " + e.getMessage(), e);
            }
        }
        boolean match = MessageDigest.isEqual(hash(password, salt), expected);
        return role != null && match ? Optional.of(Role.valueOf(role)) : Optional.empty();
    }

    public synchronized void audit(Instant at, String actor, String action, String target, String outcome) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, cut(actor, 64));
            insert.setString(3, cut(action, 64));
            insert.setString(4, cut(target, 256));
            insert.setString(5, cut(outcome, 256));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the audit log: " + e.getMessage(), e);
        }
    }

    /** The last {@code limit} audit entries, newest first. */
    public synchronized List<AuditEntry> audit(int limit) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, at, actor, action, target, outcome FROM audit ORDER BY seq DESC LIMIT ?")) {
            select.setInt(1, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
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

    private static byte[] hash(char[] password, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, ROUNDS, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is missing from this JDK", e);
        }
    }

    private static String cut(String s, int max) {
        String v = s == null ? "" : s;
        return v.length() <= max ? v : v.substring(0, max);
    }
}

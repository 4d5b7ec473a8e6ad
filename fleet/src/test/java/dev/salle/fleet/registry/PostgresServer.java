package dev.salle.fleet.registry;

import dev.salle.testkit.LoopbackPorts;
import dev.salle.testkit.RealDependency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server as a child process, for one test class: a cluster made with
 * {@code initdb} in a temporary folder, listening only on 127.0.0.1 on a free port (its unix socket
 * in the same folder), password authentication (SCRAM) for every connection, fsync off. The
 * superuser is {@code postgres} with {@link #SUPERUSER_PASSWORD}.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, {@code initdb}, {@code postgres}
 * and {@code pg_ctl} run as the Debian package's {@code postgres} user (through {@code setpriv}),
 * and the folder belongs to it. {@link #start()} skips the test on a developer's machine without
 * the server binaries and fails it under {@code CI=true} ({@link RealDependency}). {@link #close()}
 * stops the server (fast shutdown) and deletes the folder. Not thread-safe: drive it from the test
 * thread.
 */
public final class PostgresServer implements AutoCloseable {

    /** Where Debian installs the server binaries, one folder per major version. */
    static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
    static final String SUPERUSER_PASSWORD = "superuser-test-password";
    private static final String OS_USER = "postgres";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private final Optional<String> runAs;
    private Process process;

    private PostgresServer(Path bin, Path dir, int port, Optional<String> runAs) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = port;
        this.runAs = runAs;
    }

    /** The newest installed server's {@code bin} folder, if any. */
    static Optional<Path> installedBin() {
        if (!Files.isDirectory(INSTALL_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt((Path b) -> version(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int version(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Makes a cluster, starts the server and waits until it accepts connections. */
    public static PostgresServer start() {
        Optional<Path> bin = installedBin();
        RealDependency.require(bin.isPresent(),
                "PostgreSQL server: initdb and postgres in " + INSTALL_ROOT + "/VERSION/bin (Debian package postgresql)");
        boolean root = isRoot();
        Optional<UserPrincipal> osUser = root ? lookUpUser(OS_USER) : Optional.empty();
        if (root) {
            RealDependency.require(osUser.isPresent(), "the system user '" + OS_USER
                    + "' to run PostgreSQL as, which refuses root (Debian package postgresql makes it)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("salle-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a folder for PostgreSQL under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        PostgresServer server = new PostgresServer(bin.orElseThrow(), dir, LoopbackPorts.free(),
                osUser.map(UserPrincipal::getName));
        try {
            server.initdb(osUser);
            server.launch();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Makes a login role with a password, as {@code createuser --pwprompt NAME} does (docs/fleet.md). */
    public void createUser(String name, String password) {
        superuser("CREATE ROLE \"" + name + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
    }

    /**
     * Makes a database that a login role owns, as {@code createdb --owner OWNER NAME} does: the fleet
     * then runs in it without superuser rights.
     */
    public void createDatabase(String name, String owner) {
        superuser("CREATE DATABASE \"" + name + "\" OWNER \"" + owner + "\"");
    }

    /** Runs one statement as the superuser (roles, databases; never data). */
    public void asSuperuser(String statement) {
        superuser(statement);
    }

    private void superuser(String statement) {
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", SUPERUSER_PASSWORD);
             Statement sql = admin.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + statement.replaceAll("PASSWORD '.*'", "PASSWORD ***") + ": "
                    + e.getMessage() + "\n" + log(), e);
        }
    }

    /** The server's log so far, for failure messages. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log yet at " + log + ")";
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (fast shutdown: open sessions are ended) and deletes its folder. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteFolder();
        }
    }

    private void initdb(Optional<UserPrincipal> osUser) {
        try {
            Path pwfile = Files.writeString(dir.resolve("superuser.pw"), SUPERUSER_PASSWORD + "\n");
            if (osUser.isPresent()) {
                giveTo(osUser.get());
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--pwfile=" + pwfile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"), Duration.ofSeconds(120), "initdb");
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the PostgreSQL folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(asUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dir,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=50")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + " at start:\n" + log());
            }
            try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", SUPERUSER_PASSWORD)) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw new IllegalStateException("PostgreSQL did not accept connections on 127.0.0.1:" + port + " within "
                + READY_TIMEOUT.toSeconds() + " s (last: " + (last == null ? "none" : last.getMessage()) + "):\n" + log());
    }

    private void stop() {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "30"),
                        Duration.ofSeconds(40), "pg_ctl stop");
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } finally {
            process = null;
        }
    }

    /** Runs a PostgreSQL tool (as the server's user when needed) and fails with its output when it fails. */
    private void run(List<String> command, Duration timeout, String what) {
        Path output = dir.resolve(what.replace(' ', '-') + ".out");
        ProcessBuilder builder = new ProcessBuilder(asUser(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        try {
            Process tool = builder.start();
            if (!tool.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                tool.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s: "
                        + Files.readString(output));
            }
            if (tool.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with " + tool.exitValue() + ": " + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + what + " (" + command.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what + " ran", e);
        }
    }

    /** The command as the unprivileged user when the tests run as root ({@code setpriv}, util-linux). */
    private List<String> asUser(List<String> command) {
        if (runAs.isEmpty()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + runAs.get(), "--regid=" + runAs.get(),
                "--init-groups", "--"));
        out.addAll(command);
        return out;
    }

    private void giveTo(UserPrincipal user) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal group = users.lookupPrincipalByGroupName(user.getName());
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Optional<UserPrincipal> lookUpUser(String name) {
        try {
            return Optional.of(Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not look up the user " + name + ": " + e.getMessage(), e);
        }
    }

    private void deleteFolder() {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the PostgreSQL folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}

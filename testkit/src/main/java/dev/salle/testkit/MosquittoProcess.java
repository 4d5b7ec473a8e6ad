package dev.salle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker as a child process, listening on a free loopback port, anonymous, without
 * persistence, logging to a file in its own temporary folder.
 *
 * <p>{@link #start()} skips the test on a developer's machine without Mosquitto and fails it under
 * {@code CI=true} (see {@link RealDependency}). {@link #restart()} comes back on the same port, so
 * clients can reconnect to the same URI. Not thread-safe: drive it from the test thread.
 */
public final class MosquittoProcess implements AutoCloseable {

    /** Where Debian installs the broker. */
    public static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private final Optional<MutualTls> tls;
    private Process process;

    /**
     * Mutual TLS settings: every client must present a certificate from {@code caCert}; its CN is
     * its user name, and {@code aclFile} says what each user may read and write.
     *
     * @param caCert the CA that issues client certificates (and, here, the broker's own)
     * @param serverChain the broker's certificate chain (PEM)
     * @param serverKey the broker's private key (PEM)
     * @param aclFile Mosquitto ACL file, e.g. {@code pattern write salle/v1/devices/%u/state}
     * @param crl a CRL file (PEM) of revoked client certificates; read when the broker starts, so
     *     a revocation takes effect at {@link #restart()} (whether Mosquitto 2.0 re-reads it on SIGHUP was not tried)
     */
    public record MutualTls(Path caCert, Path serverChain, Path serverKey, Path aclFile, Optional<Path> crl) {
    }

    private MosquittoProcess(Path dir, int port, Optional<MutualTls> tls) {
        this.dir = dir;
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        this.port = port;
        this.tls = tls;
    }

    /** True when the broker executable is installed. */
    public static boolean available() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Starts a broker on a free loopback port and waits until it accepts connections. */
    public static MosquittoProcess start() {
        return start(Optional.empty());
    }

    /**
     * Starts a broker that accepts only clients with a certificate from the given CA, over TLS 1.2+,
     * anonymous access off, the ACL applied to each certificate's CN.
     */
    public static MosquittoProcess startMutualTls(MutualTls tls) {
        return start(Optional.of(tls));
    }

    private static MosquittoProcess start(Optional<MutualTls> tls) {
        RealDependency.require(available(), "Mosquitto broker " + EXECUTABLE + " (Debian package mosquitto)");
        try {
            MosquittoProcess broker = new MosquittoProcess(Files.createTempDirectory("salle-mosquitto-"), freePort(), tls);
            broker.writeConfig();
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a Mosquitto folder under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, or {@code ssl://127.0.0.1:PORT} (Paho's spelling) with mutual TLS. */
    public String uri() {
        return (tls.isPresent() ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    /** The broker's log so far, for failure messages. */
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

    /** Stops the broker gracefully (SIGTERM), killing it if it does not exit within 10 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills the broker at once (SIGKILL): no goodbye to any client. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts again on the same port (retained messages are gone: no persistence). */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    private void writeConfig() throws IOException {
        String access = tls.map(t -> String.join("\n",
                "cafile " + t.caCert().toAbsolutePath(),
                "certfile " + t.serverChain().toAbsolutePath(),
                "keyfile " + t.serverKey().toAbsolutePath(),
                "require_certificate true",
                "use_identity_as_username true",
                "tls_version tlsv1.2",
                "allow_anonymous false",
                "acl_file " + t.aclFile().toAbsolutePath())
                + t.crl().map(c -> "\ncrlfile " + c.toAbsolutePath()).orElse("")).orElse("allow_anonymous true");
        String text = String.join("\n",
                "per_listener_settings false",
                "listener " + port + " 127.0.0.1",
                access,
                "persistence false",
                "log_dest file " + log,
                "log_type all",
                "connection_messages true",
                // As root, Mosquitto would switch to user 'mosquitto', who cannot write our temp folder.
                "user " + System.getProperty("user.name"),
                "");
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    private void launch() {
        try {
            process = new ProcessBuilder(EXECUTABLE.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + EXECUTABLE + " -c " + config + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Mosquitto exited with code " + process.exitValue()
                        + " before listening on port " + port + "; output: " + output() + "\nlog:\n" + log());
            }
            if (accepts()) {
                return;
            }
            sleep(50);
        }
        stop();
        throw new IllegalStateException("Mosquitto did not accept connections on 127.0.0.1:" + port + " within "
                + READY_TIMEOUT + "; output: " + output() + "\nlog:\n" + log());
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("mosquitto.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(none)";
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Mosquitto", e);
        }
    }
}

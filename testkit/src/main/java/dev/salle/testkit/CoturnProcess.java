package dev.salle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real coturn TURN server ({@code turnserver}) as a child process with a configuration written
 * here: UDP and TCP on one explicit port, TLS on a second one when given a certificate
 * ({@link #startOnLoopbackWithTls}), no DTLS, no CLI, loopback peers allowed, its user
 * database and log in its own temporary folder. Either one static long-term user
 * ({@link Auth#user}) or coturn's TURN REST API secret ({@link Auth#secret}, {@code use-auth-secret}).
 *
 * <p>{@link #start} skips the test on a developer's machine without coturn and fails it under
 * {@code CI=true} (see {@link RealDependency}). It runs on the host's loopback, or inside a
 * {@link NetworkNamespace}. Not thread-safe: drive it from the test thread.
 */
public final class CoturnProcess implements AutoCloseable {

    /** Where Debian installs the server. */
    public static final Path EXECUTABLE = Path.of("/usr/bin/turnserver");
    /** The realm every test server uses. */
    public static final String REALM = "salle.test";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    /** How clients authenticate: a static user, or the REST API secret (time-limited users). */
    public record Auth(Optional<String> user, Optional<String> password, Optional<String> secret) {
        /** One static long-term user. */
        public static Auth user(String user, String password) {
            return new Auth(Optional.of(user), Optional.of(password), Optional.empty());
        }

        /** {@code use-auth-secret} with this {@code static-auth-secret}. */
        public static Auth secret(String secret) {
            return new Auth(Optional.empty(), Optional.empty(), Optional.of(secret));
        }
    }

    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;
    private final Optional<Integer> tlsPort;

    private CoturnProcess(Path dir, String address, int port, Optional<Integer> tlsPort, Process process) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.tlsPort = tlsPort;
        this.process = process;
    }

    /** True when {@code turnserver} is installed. */
    public static boolean available() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Starts coturn on 127.0.0.1 and a free port, relaying from 127.0.0.1. */
    public static CoturnProcess startOnLoopback(Auth auth) {
        return start(Optional.empty(), "127.0.0.1", LoopbackPorts.free(), auth, List.of(), Optional.empty());
    }

    /**
     * Starts coturn on 127.0.0.1 with UDP and TCP on one free port and TLS ({@code turns:}) on
     * another, presenting {@code certificates}' server certificate.
     */
    public static CoturnProcess startOnLoopbackWithTls(Auth auth, TestCertificates certificates) {
        return start(Optional.empty(), "127.0.0.1", LoopbackPorts.free(), auth, List.of(),
            Optional.of(certificates));
    }

    /**
     * Starts coturn inside {@code namespace}, listening and relaying on {@code address}, with extra
     * configuration lines (for example {@code proc-user=nobody}).
     */
    public static CoturnProcess startIn(NetworkNamespace namespace, String address, int port, Auth auth,
            List<String> extraConfig) {
        return start(Optional.of(namespace), address, port, auth, extraConfig, Optional.empty());
    }

    /**
     * As {@link #startIn}, with TLS ({@code turns:}) as well, on a second port
     * ({@link #tlsAddress}), presenting {@code certificates}' server certificate.
     */
    public static CoturnProcess startInWithTls(NetworkNamespace namespace, String address, int port, Auth auth,
            List<String> extraConfig, TestCertificates certificates) {
        return start(Optional.of(namespace), address, port, auth, extraConfig, Optional.of(certificates));
    }

    private static CoturnProcess start(Optional<NetworkNamespace> namespace, String address, int port, Auth auth,
            List<String> extra, Optional<TestCertificates> tls) {
        RealDependency.require(available(), "TURN server " + EXECUTABLE + " (Debian package coturn)");
        Path dir;
        Optional<Integer> tlsPort = Optional.empty();
        try {
            dir = Files.createTempDirectory("salle-coturn-");
            dir.toFile().setWritable(true, false);
            dir.toFile().setExecutable(true, false);
            List<String> lines = new ArrayList<>(List.of(
                "listening-ip=" + address,
                "relay-ip=" + address,
                "listening-port=" + port,
                "min-port=49152",
                "max-port=49999",
                "realm=" + REALM,
                "userdb=" + dir.resolve("turndb"),
                "no-dtls",
                "no-cli",
                "no-multicast-peers",
                "allow-loopback-peers",
                "log-file=" + dir.resolve("turn.log"),
                "simple-log",
                "no-stdout-log",
                "verbose",
                "pidfile=" + dir.resolve("turn.pid")));
            if (tls.isPresent()) {
                tlsPort = Optional.of(LoopbackPorts.free());
                lines.add("tls-listening-port=" + tlsPort.get());
                lines.add("cert=" + tls.get().serverCertificate());
                lines.add("pkey=" + tls.get().serverKey());
            } else {
                lines.add("no-tls");
            }
            if (auth.secret().isPresent()) {
                lines.add("use-auth-secret");
                lines.add("static-auth-secret=" + auth.secret().get());
            } else {
                lines.add("lt-cred-mech");
                lines.add("user=" + auth.user().orElseThrow() + ":" + auth.password().orElseThrow());
            }
            lines.addAll(extra);
            Files.writeString(dir.resolve("turn.conf"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a coturn folder: " + e.getMessage(), e);
        }
        CoturnProcess coturn = new CoturnProcess(dir, address, port, tlsPort, launch(namespace, dir));
        coturn.awaitReady(namespace.isEmpty());
        return coturn;
    }

    private static Process launch(Optional<NetworkNamespace> namespace, Path dir) {
        String[] command = {EXECUTABLE.toString(), "-c", dir.resolve("turn.conf").toString()};
        try {
            ProcessBuilder builder = namespace.map(n -> n.command(command)).orElseGet(() -> new ProcessBuilder(command))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("turn.out").toFile()));
            return namespace.isPresent() ? namespace.get().start(builder) : builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops this server and starts it again in {@code namespace}, with the same configuration and
     * ports: every allocation is gone, and every TCP and TLS connection to it closed, as after a
     * TURN server's restart. The returned process owns the folder: close it, not this one.
     */
    public CoturnProcess restartIn(NetworkNamespace namespace) {
        stop();
        int logFrom = log().length();
        CoturnProcess again = new CoturnProcess(dir, address, port, tlsPort, launch(Optional.of(namespace), dir));
        again.awaitReady(false, logFrom);
        return again;
    }

    private void awaitReady(boolean probe) {
        awaitReady(probe, 0);
    }

    /** Waits for the "ready" line in the log past {@code logFrom} characters (a restarted server's log may go on from there). */
    private void awaitReady(boolean probe, int logFrom) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("coturn exited with code " + process.exitValue()
                    + " before it was ready on " + address + ":" + port + "; log:\n" + log());
            }
            String text = log();
            boolean ready = (text.length() >= logFrom ? text.substring(logFrom) : text).contains("Total General servers");
            if (ready && (!probe || answersBinding())) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("coturn not ready on " + address + ":" + port + " within " + READY_TIMEOUT
            + "; log:\n" + log());
    }

    /** Sends a STUN Binding request and says whether any answer came within 200 ms. */
    private boolean answersBinding() {
        byte[] request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        byte[] id = new byte[12];
        new SecureRandom().nextBytes(id);
        System.arraycopy(id, 0, request, 8, 12);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(200);
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(address, port)));
            socket.receive(new DatagramPacket(new byte[1500], 1500));
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The address clients send to. */
    public InetSocketAddress address() {
        return new InetSocketAddress(address, port);
    }

    /** Where TLS clients connect, when started with a certificate. */
    public InetSocketAddress tlsAddress() {
        return new InetSocketAddress(address, tlsPort.orElseThrow(
            () -> new IllegalStateException("this coturn was started without TLS: use startOnLoopbackWithTls")));
    }

    /** {@code turn:ADDRESS:PORT?transport=udp}. */
    public String url() {
        return "turn:" + address + ":" + port + "?transport=udp";
    }

    /** The server's log so far, for failure messages. */
    public String log() {
        Path log = dir.resolve("turn.log");
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log yet at " + log + ")";
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the server (SIGTERM, SIGKILL after 10 s) and deletes its folder. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

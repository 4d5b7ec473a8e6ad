package dev.salle.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.RealDependency;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code interop/rtc-node-peer.mjs} (the official {@code @livekit/rtc-node} client publishing a
 * generated camera and microphone and counting what it receives) as a process inside a test's
 * {@link NetworkNamespace}. Its JSON lines (see the script's header) are collected as they come.
 *
 * <p>{@link #close()} sends SIGTERM, waits, then kills; it throws when the peer needed the kill.
 * One test thread uses it; the collected lines are safe to read from it while the reader runs.
 */
public final class RtcNodePeer implements AutoCloseable {

    public static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();
    public static final Path SCRIPT = INTEROP.resolve("rtc-node-peer.mjs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_LINES = 10_000;

    private final Process process;
    private final List<JsonNode> events = new ArrayList<>();
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private RtcNodePeer(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("rtc-node-peer-output").start(this::readOutput);
    }

    /** The peer's process and every process it started: the owners of its sockets. */
    public java.util.Set<Long> processTree() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        pids.add(process.pid());
        process.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    /** Skips (fails under CI) without Node.js or {@code @livekit/rtc-node} in {@code interop/node_modules}. */
    public static void requireInstalled() {
        RealDependency.require(RealDependency.onPath("node")
                        && Files.isDirectory(INTEROP.resolve(Path.of("node_modules", "@livekit", "rtc-node"))),
                "Node.js and @livekit/rtc-node in interop/node_modules (npm install in interop; ./salle test does it)");
    }

    /**
     * Starts the peer inside {@code namespace}.
     *
     * @param args the script's arguments after {@code --url} and {@code --token}, e.g.
     *     {@code "--seconds", "20", "--send-data", "hello"}
     */
    public static RtcNodePeer start(NetworkNamespace namespace, URI url, String token, String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(), "--url", url.toString(),
                "--token", token));
        command.addAll(List.of(args));
        ProcessBuilder builder = namespace.command(command.toArray(String[]::new))
                .directory(INTEROP.toFile()).redirectErrorStream(true);
        try {
            return new RtcNodePeer(namespace.start(builder));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + SCRIPT + " in namespace " + namespace.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode event = parse(line);
                synchronized (events) {
                    if (output.length() < 200_000) {
                        output.append(line).append('\n');
                    }
                    if (event != null && events.size() < MAX_LINES) {
                        events.add(event);
                    }
                }
            }
        } catch (IOException e) {
            synchronized (events) {
                output.append("(reading the output failed: ").append(e.getMessage()).append(")\n");
            }
        }
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node.has("event") ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The script's events so far ({@code connected}, {@code stats}, {@code data}, {@code error}, …). */
    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events of one kind so far. */
    public List<JsonNode> events(String kind) {
        return events().stream().filter(e -> kind.equals(e.path("event").asText())).toList();
    }

    /** The latest {@code stats} line. */
    public Optional<JsonNode> lastStats() {
        List<JsonNode> stats = events("stats");
        return stats.isEmpty() ? Optional.empty() : Optional.of(stats.get(stats.size() - 1));
    }

    /** Everything it printed so far (stdout and stderr), for failure messages. */
    public String output() {
        synchronized (events) {
            return output.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the script to end by itself and returns its exit code; throws when it did not within {@code timeout}. */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            throw new IllegalStateException("rtc-node-peer still runs after " + timeout.toSeconds() + " s; its output:\n"
                    + output());
        }
        joinReader();
        return process.exitValue();
    }

    /** Sends SIGTERM and waits for the exit code; kills it and throws when it does not stop. */
    public int terminate() {
        process.toHandle().destroy();
        if (!waitFor(STOP_TIMEOUT)) {
            process.toHandle().destroyForcibly();
            throw new IllegalStateException("rtc-node-peer did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s of SIGTERM; killed it; its output:\n" + output());
        }
        joinReader();
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
        }
    }

    private void joinReader() {
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

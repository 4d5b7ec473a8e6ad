package dev.salle.bridge;

import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.RealDependency;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real bridge ({@link BridgeMain}) as its own JVM inside a test's {@link NetworkNamespace}, for
 * tests with WebRTC peers (Chromium, {@code @livekit/rtc-node}), which must run inside the same
 * namespace.
 *
 * <p>It runs with the public development key pair {@value ApiKeys#DEV_KEY}/{@value ApiKeys#DEV_SECRET}
 * given as {@code --keys} (not {@code --dev}, which listens on loopback only), bound by default to
 * {@link NetworkNamespace#PEER_ADDRESS} inside the namespace, which nothing outside it can reach.
 * Peers in the namespace use {@link #livekitUrl()}; {@link #token} mints their tokens. The test's
 * own JVM is outside the namespace and cannot reach the bridge: use {@link #httpGet} (curl inside
 * the namespace) to look at it.
 *
 * <p>{@link #close()} sends SIGTERM, waits, kills if needed, and then throws when the bridge did
 * not stop on SIGTERM or is still running: a leaked bridge fails the test. Not thread-safe; one
 * test thread uses it.
 */
public final class BridgeProcess implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern HTTP_LINE = Pattern.compile("salle bridge: HTTP on (http://\\S+) ");
    private static final int MAX_OUTPUT_CHARS = 200_000;

    private final NetworkNamespace namespace;
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;
    private volatile URI httpUri;

    private BridgeProcess(NetworkNamespace namespace, Process process) {
        this.namespace = namespace;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("bridge-process-output").start(this::readOutput);
    }

    /** Starts the bridge bound to {@link NetworkNamespace#PEER_ADDRESS}, any free port, and waits until ready. */
    public static BridgeProcess start(NetworkNamespace namespace, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--keys", ApiKeys.DEV_KEY + ": " + ApiKeys.DEV_SECRET,
                "--bind", NetworkNamespace.PEER_ADDRESS, "--port", "0"));
        args.addAll(List.of(extraArgs));
        return startWith(namespace, args);
    }

    /** Starts the bridge with exactly these {@code ./salle bridge} arguments and waits until ready. */
    public static BridgeProcess startWith(NetworkNamespace namespace, List<String> bridgeArgs) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add(BridgeMain.class.getName());
        command.addAll(bridgeArgs);
        ProcessBuilder builder = namespace.command(command.toArray(String[]::new)).redirectErrorStream(true);
        builder.environment().remove("LIVEKIT_KEYS");
        Process process;
        try {
            process = namespace.start(builder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bridge in namespace " + namespace.name() + ": "
                    + e.getMessage(), e);
        }
        BridgeProcess bridge = new BridgeProcess(namespace, process);
        bridge.awaitReady();
        return bridge;
    }

    /** {@code java} of the running JVM with its class path and the flags the bridge runs with. */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return command;
    }

    private void awaitReady() {
        boolean started;
        try {
            started = ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started = false;
        }
        if (!started || httpUri == null) {
            process.toHandle().destroyForcibly();
            throw new IllegalStateException("the bridge did not print '" + BridgeMain.READY + "' within "
                    + START_TIMEOUT.toSeconds() + " s (alive: " + process.isAlive() + "); its output:\n" + output());
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT_CHARS) {
                        output.append(line).append('\n');
                    }
                }
                Matcher m = HTTP_LINE.matcher(line);
                if (m.find()) {
                    httpUri = URI.create(m.group(1));
                }
                if (line.equals(BridgeMain.READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("(reading the output failed: ").append(e.getMessage()).append(")\n");
            }
        } finally {
            ready.countDown();
        }
    }

    /** What the bridge printed so far (stdout and stderr, capped), for failure messages. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** The bridge's HTTP address inside the namespace, e.g. {@code http://10.77.0.2:41234}. */
    public URI httpUri() {
        return httpUri;
    }

    /** The URL LiveKit clients inside the namespace connect to, e.g. {@code ws://10.77.0.2:41234}. */
    public URI livekitUrl() {
        return URI.create("ws" + httpUri.toString().substring(4));
    }

    /** A URL of the bridge's HTTP side for a browser inside the namespace. */
    public String url(String pathAndQuery) {
        return httpUri + pathAndQuery;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * A token to join {@code room} as {@code identity} (name = identity), publishing, subscribing
     * and sending data, minted with the development key the bridge runs with; valid 6 h.
     */
    public static String token(String room, String identity) {
        return token(room, identity, identity);
    }

    /** As {@link #token(String, String)} with a display name. */
    public static String token(String room, String identity, String name) {
        return new AccessTokenMinter(ApiKeys.of(Map.of(ApiKeys.DEV_KEY, ApiKeys.DEV_SECRET)), ApiKeys.DEV_KEY,
                Clock.systemUTC()).mint(TokenRequest.joinRoom(identity, room).withName(name)
                .withGrant(VideoGrant.joinRoom(room)));
    }

    /** A token whose bearer is host of {@code room} (lobby admission: {@code …/enter/}). */
    public static String adminToken(String room, String identity) {
        return new AccessTokenMinter(ApiKeys.of(Map.of(ApiKeys.DEV_KEY, ApiKeys.DEV_SECRET)), ApiKeys.DEV_KEY,
                Clock.systemUTC()).mint(TokenRequest.joinRoom(identity, room)
                .withGrant(VideoGrant.joinRoom(room).withRoomAdmin(true).withRoomCreate(true)));
    }

    /**
     * GETs a path with curl inside the namespace and returns {@code status + "\n" + body}.
     * Extra curl arguments (headers, {@code -X POST}, {@code --data}) come before the URL.
     */
    public String httpGet(String pathAndQuery, String... curlArgs) {
        RealDependency.require(RealDependency.onPath("curl"), "curl, to reach the bridge inside its namespace");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-w", "\n%{http_code}"));
        command.addAll(List.of(curlArgs));
        command.add(url(pathAndQuery));
        String out = namespace.run(command.toArray(String[]::new));
        int cut = out.lastIndexOf('\n');
        return out.substring(cut + 1).strip() + "\n" + out.substring(0, Math.max(cut, 0));
    }

    /**
     * Stops the bridge: SIGTERM, then a kill after {@link #STOP_TIMEOUT}.
     *
     * @throws IllegalStateException when it needed the kill or is still running, with its output
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy(); // SIGTERM: the bridge's shutdown hook closes the rooms
        boolean stopped = waitFor(STOP_TIMEOUT);
        if (!stopped) {
            process.toHandle().destroyForcibly();
            boolean killed = waitFor(Duration.ofSeconds(5));
            throw new IllegalStateException("the bridge (pid " + process.pid() + ") did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s of SIGTERM; " + (killed ? "killed it" : "it survived a kill too")
                    + "; its output:\n" + output());
        }
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!output().contains("salle bridge: stopped")) {
            throw new IllegalStateException("the bridge exited (code " + process.exitValue()
                    + ") without its 'stopped' line; its output:\n" + output());
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

package dev.salle.bridge.interop;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.RealDependency;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bridge and its reference peers, all inside one network namespace the rig creates and
 * deletes: the bridge runs as its own JVM ({@code BridgeMain}, real keys, every interface of the
 * namespace), peers are Node processes from {@code interop/} (headless Chromium with the official
 * livekit-client, or @livekit/rtc-node) that print JSON status lines and take commands on stdin.
 */
final class InteropRig implements AutoCloseable {

    static final String KEY = "interop";
    static final String SECRET = "interop-test-secret-0123456789abcdefghij";
    static final String URL = "ws://" + NetworkNamespace.PEER_ADDRESS + ":7880";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();

    private final NetworkNamespace ns;
    private final Process bridge;
    private final StringBuffer bridgeLog = new StringBuffer();
    private final List<Peer> peers = new ArrayList<>();
    private final AccessTokenMinter minter = new AccessTokenMinter(ApiKeys.parse(KEY + ": " + SECRET), KEY,
            Clock.systemUTC());

    private InteropRig(NetworkNamespace ns, Process bridge) {
        this.ns = ns;
        this.bridge = bridge;
    }

    /** Checks the real parts are here (skip locally, fail under CI=true), then starts the bridge. */
    static InteropRig start() throws Exception {
        RealDependency.require(Files.isDirectory(INTEROP.resolve("node_modules/livekit-client"))
                        && Files.isDirectory(INTEROP.resolve("node_modules/playwright-core"))
                        && RealDependency.onPath("node") && Files.isExecutable(Path.of("/usr/bin/chromium")),
                "Node.js, Chromium (/usr/bin/chromium) and livekit-client + playwright-core in interop/node_modules"
                        + " (./salle test installs them)");
        NetworkNamespace ns = NetworkNamespace.create();
        try {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (Runtime.version().feature() >= 24) {
                cmd.add("--sun-misc-unsafe-memory-access=allow");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.salle.bridge.BridgeMain",
                    "--bind", "0.0.0.0", "--port", "7880", "--udp-port", "7882"));
            ProcessBuilder pb = ns.command(cmd.toArray(String[]::new)).redirectErrorStream(true);
            pb.environment().put("LIVEKIT_KEYS", KEY + ": " + SECRET);
            Process p = ns.start(pb);
            InteropRig rig = new InteropRig(ns, p);
            rig.awaitBridgeReady();
            return rig;
        } catch (Exception | Error e) {
            ns.close();
            throw e;
        }
    }

    private void awaitBridgeReady() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    bridgeLog.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException e) {
                bridgeLog.append("(log reader stopped: ").append(e.getMessage()).append(")\n");
            }
        }, "interop-bridge-log");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.contains("salle bridge: ready")) {
                return;
            }
            if (!bridge.isAlive()) {
                break;
            }
        }
        fail("the bridge did not become ready within 30 s; its output:\n" + bridgeLog);
    }

    String token(String room, String identity) {
        return minter.mint(new TokenRequest(identity, identity, "", Map.of(), VideoGrant.joinRoom(room),
                Duration.ofMinutes(10)));
    }

    /** Starts a browser participant with this token; it joins and publishes camera and microphone. */
    Peer browser(String name, String token) throws IOException {
        return browser(name, token, false);
    }

    /** As {@link #browser(String, String)}, publishing its camera in three simulcast layers when asked. */
    Peer browser(String name, String token, boolean simulcast) throws IOException {
        return peer(name, "node", INTEROP.resolve("livekit-browser.mjs").toString(), "--url", URL, "--token", token,
                "--seconds", "240", "--audio-file", tone().toString(), "--simulcast", simulcast ? "1" : "0");
    }

    /** A steady 440 Hz tone at -6 dBFS, 48 kHz mono WAV: the browsers' fake microphone plays it in a loop. */
    private Path tone() throws IOException {
        Path wav = Files.createTempDirectory("salle-interop").resolve("tone.wav");
        int rate = 48_000;
        int samples = rate * 2;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + samples * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) Math.round(16_384 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        Files.write(wav, b.array());
        wav.toFile().deleteOnExit();
        wav.getParent().toFile().deleteOnExit();
        return wav;
    }

    private Peer peer(String name, String... command) throws IOException {
        ProcessBuilder pb = ns.command(command).directory(INTEROP.toFile()).redirectErrorStream(true);
        Peer p = new Peer(name, ns.start(pb));
        peers.add(p);
        return p;
    }

    String bridgeLog() {
        return bridgeLog.toString();
    }

    /** What every peer printed last, and the bridge's log: the message of a failed wait. */
    String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (Peer p : peers) {
            b.append("--- ").append(p.name).append(" (last status and console):\n").append(p.recent()).append('\n');
        }
        String log = bridgeLog.toString();
        b.append("--- bridge log (end):\n").append(log, Math.max(0, log.length() - 6000), log.length());
        return b.toString();
    }

    @Override
    public void close() {
        for (Peer p : peers) {
            p.close();
        }
        bridge.destroy();
        try {
            if (!bridge.waitFor(10, TimeUnit.SECONDS)) {
                bridge.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ns.close();
    }

    /** One reference peer: its latest status and its stdin. */
    final class Peer implements AutoCloseable {
        final String name;
        private final Process process;
        private final Writer stdin;
        private volatile JsonNode status = JSON.createObjectNode();
        private final List<String> recent = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();

        Peer(String name, Process process) {
            this.name = name;
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, "interop-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    remember(line);
                    if (line.startsWith("{")) {
                        JsonNode n = JSON.readTree(line);
                        if ("status".equals(n.path("t").asText())) {
                            status = n;
                        } else if ("error".equals(n.path("t").asText())) {
                            synchronized (errors) {
                                errors.add(n.path("message").asText());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                remember("(reader stopped: " + e.getMessage() + ")");
            }
        }

        private synchronized void remember(String line) {
            recent.add(line.length() > 600 ? line.substring(0, 600) + "…" : line);
            if (recent.size() > 12) {
                recent.remove(0);
            }
        }

        synchronized String recent() {
            return String.join("\n", recent);
        }

        JsonNode status() {
            return status;
        }

        /** A remote participant's entry in the latest status, or a missing node. */
        JsonNode remote(String identity) {
            return status.path("remotes").path(identity);
        }

        void command(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        /** Waits (bounded) until the status satisfies {@code condition}; fails with diagnostics otherwise. */
        JsonNode await(String what, Duration timeout, Predicate<JsonNode> condition) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode s = status;
                if (condition.test(s)) {
                    return s;
                }
                synchronized (errors) {
                    if (!errors.isEmpty()) {
                        fail(name + " reported an error while waiting for " + what + ": " + errors + "\n" + diagnostics());
                    }
                }
                if (!process.isAlive()) {
                    fail(name + " exited while waiting for " + what + "\n" + diagnostics());
                }
                Thread.sleep(100);
            }
            return fail(name + " did not see " + what + " within " + timeout.toSeconds() + " s\n" + diagnostics());
        }

        @Override
        public void close() {
            try {
                command("quit");
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}

package dev.salle.bridge;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bridge and its reference peers, all inside one network namespace the rig creates and
 * deletes: the bridge runs as its own JVM ({@link BridgeProcess}), peers are Node processes from {@code interop/} (headless Chromium with the official
 * livekit-client, or @livekit/rtc-node) that print JSON status lines and take commands on stdin.
 */
public final class InteropRig implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();

    private final NetworkNamespace ns;
    private final BridgeProcess bridge;
    private final List<Peer> peers = new ArrayList<>();
    private final List<RtcNodePeer> nodePeers = new ArrayList<>();

    /**
     * A rig over a namespace and a bridge inside it that the caller started (other processes, such
     * as a room device, may run in the namespace too). {@link #close()} closes the bridge, then the namespace.
     * Unlike {@link #start()}, this does not check that Node.js and the interop packages are installed.
     */
    public InteropRig(NetworkNamespace ns, BridgeProcess bridge) {
        this.ns = ns;
        this.bridge = bridge;
    }

    /** Checks the real parts are here (skip locally, fail under CI=true), then starts the bridge. */
    public static InteropRig start() {
        return start(new String[0]);
    }

    /** As {@link #start()}, with extra {@code ./salle bridge} arguments (e.g. {@code --tcp-port off}). */
    public static InteropRig start(String... bridgeArgs) {
        RealDependency.require(Files.isDirectory(INTEROP.resolve("node_modules/livekit-client"))
                        && Files.isDirectory(INTEROP.resolve("node_modules/playwright-core"))
                        && RealDependency.onPath("node") && Files.isExecutable(Path.of("/usr/bin/chromium")),
                "Node.js, Chromium (/usr/bin/chromium) and livekit-client + playwright-core in interop/node_modules"
                        + " (./salle test installs them)");
        NetworkNamespace ns = NetworkNamespace.create();
        try {
            return new InteropRig(ns, BridgeProcess.start(ns, bridgeArgs));
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
    }

    /** Makes UDP undeliverable in the rig's namespace (bridge and peers) until the block is closed. */
    public NetworkNamespace.Block blockUdp() {
        return ns.blockUdp();
    }

    /** The bridge's /metrics text. */
    public String metrics() {
        return bridge.httpGet("/metrics");
    }

    public String token(String room, String identity) {
        return BridgeProcess.token(room, identity);
    }

    /** Starts a browser participant with this token; it joins and publishes camera and microphone. */
    public Peer browser(String name, String token) throws IOException {
        return browser(name, token, false);
    }

    /** As {@link #browser(String, String)}, publishing its camera in three simulcast layers when asked. */
    public Peer browser(String name, String token, boolean simulcast) throws IOException {
        return peer(name, "node", INTEROP.resolve("livekit-browser.mjs").toString(), "--url", bridge.livekitUrl().toString(), "--token", token,
                "--seconds", "240", "--audio-file", tone().toString(), "--simulcast", simulcast ? "1" : "0");
    }

    /**
     * Starts a browser participant that publishes nothing and renders every remote video, watching
     * the frames it shows for black/white flips ({@code --publish 0 --watch-video 1}: each remote
     * video's {@code flips} in the status, the browser side of a glass-to-glass latency measure).
     */
    public Peer flipWatcher(String name, String token) throws IOException {
        return peer(name, "node", INTEROP.resolve("livekit-browser.mjs").toString(), "--url", bridge.livekitUrl().toString(),
                "--token", token, "--seconds", "240", "--publish", "0", "--watch-video", "1");
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

    /** Starts an @livekit/rtc-node participant in the namespace; the rig stops it on close. */
    public RtcNodePeer rtcNode(String token, String... args) {
        RtcNodePeer.requireInstalled();
        RtcNodePeer p = RtcNodePeer.start(ns, bridge.livekitUrl(), token, args);
        nodePeers.add(p);
        return p;
    }

    private Peer peer(String name, String... command) throws IOException {
        ProcessBuilder pb = ns.command(command).directory(INTEROP.toFile()).redirectErrorStream(true);
        Peer p = new Peer(name, ns.start(pb));
        peers.add(p);
        return p;
    }

    /**
     * Cuts {@code peer}'s signalling from the bridge's side, the way a dead network path ends it:
     * the bridge's end of each of the peer's TCP connections to the bridge's HTTP port is destroyed
     * ({@code ss -K}, so the peer gets a reset). UDP media is not touched.
     *
     * @return how many connections were cut (at least one, or the test fails)
     */
    public int cutSignalling(Peer peer) {
        return cutSignalling(peer.name, peer.processTree());
    }

    /**
     * As {@link #cutSignalling(Peer)}, for any process in the namespace (a room device): the
     * connections of the processes {@code pids} to the bridge's HTTP port.
     */
    public int cutSignalling(String name, java.util.Set<Long> pids) {
        int port = bridge.httpUri().getPort();
        String sockets = ns.run("ss", "-tnpH", "state", "established", "dport", "=", ":" + port);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^.*?:(\\d+)\\s+\\S+:" + port + "\\s+users:.*?pid=(\\d+)").matcher(sockets);
        int cut = 0;
        while (m.find()) {
            if (pids.contains(Long.parseLong(m.group(2)))) {
                ns.run("ss", "-K", "-tnH", "state", "established", "sport", "=", ":" + port, "dport", "=", ":" + m.group(1));
                cut++;
            }
        }
        if (cut == 0) {
            fail("no TCP connection of " + name + " to the bridge's port " + port + " to cut; sockets:\n" + sockets);
        }
        return cut;
    }

    /** What every peer printed last, and the bridge's log: the message of a failed wait. */
    public String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (Peer p : peers) {
            b.append("--- ").append(p.name).append(" (last status and console):\n").append(p.recent()).append('\n');
        }
        for (RtcNodePeer p : nodePeers) {
            String out = p.output();
            b.append("--- rtc-node (end):\n").append(out, Math.max(0, out.length() - 3000), out.length()).append('\n');
        }
        String log = bridge.output();
        b.append("--- bridge log (end):\n").append(log, Math.max(0, log.length() - 6000), log.length());
        return b.toString();
    }

    @Override
    public void close() {
        for (Peer p : peers) {
            p.close();
        }
        for (RtcNodePeer p : nodePeers) {
            p.close();
        }
        try {
            bridge.close();
        } finally {
            ns.close();
        }
    }

    /** One reference peer: its latest status and its stdin. */
    public final class Peer implements AutoCloseable {
        public final String name;
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

        public synchronized String recent() {
            return String.join("\n", recent);
        }

        public JsonNode status() {
            return status;
        }

        /** The peer's process and every process it started (Node, Chromium and its helpers). */
        java.util.Set<Long> processTree() {
            java.util.Set<Long> pids = new java.util.HashSet<>();
            pids.add(process.pid());
            process.descendants().forEach(h -> pids.add(h.pid()));
            return pids;
        }

        /** A remote participant's entry in the latest status, or a missing node. */
        public JsonNode remote(String identity) {
            return status.path("remotes").path(identity);
        }

        public void command(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        /**
         * Waits (bounded) for the peer to report an error, and returns the errors; fails with
         * diagnostics if it reports none in time.
         */
        public List<String> awaitError(String what, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (errors) {
                    if (!errors.isEmpty()) {
                        return List.copyOf(errors);
                    }
                }
                Thread.sleep(100);
            }
            return fail(name + " reported no error (" + what + ") within " + timeout.toSeconds() + " s\n" + diagnostics());
        }

        /** Waits (bounded) until the status satisfies {@code condition}; fails with diagnostics otherwise. */
        public JsonNode await(String what, Duration timeout, Predicate<JsonNode> condition) throws InterruptedException {
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

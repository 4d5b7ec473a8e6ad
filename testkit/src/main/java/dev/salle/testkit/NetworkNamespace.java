package dev.salle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace that a test creates and always deletes, so WebRTC peers (which gather
 * candidates on every interface) see only {@code lo} and a veth pair of the test's own:
 * {@code v0} = {@value #HOST_ADDRESS}/24 with a default route via {@code v1} =
 * {@value #PEER_ADDRESS}/24 (Chromium gathers nothing without a default route). Nothing in it
 * reaches the host's real interfaces.
 *
 * <p>Needs root and iproute2; {@link #create} fails under {@code CI=true} and skips elsewhere when
 * they are missing. {@link #close} kills whatever still runs inside, then deletes the namespace.
 */
public final class NetworkNamespace implements AutoCloseable {

    public static final String HOST_ADDRESS = "10.77.0.1";
    public static final String PEER_ADDRESS = "10.77.0.2";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final int BLOCK_RULE = 10;
    private static final int LOCAL_RULE = 100;

    private final String name;
    private final List<Process> started = new ArrayList<>();

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates a namespace with a unique name, its loopback and its veth pair up. */
    public static NetworkNamespace create() {
        RealDependency.require(isRoot() && RealDependency.onPath("ip"),
                "root and iproute2's 'ip' to create a network namespace (WebRTC tests run their peers inside one)");
        String name = "salle-t" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        NetworkNamespace ns = new NetworkNamespace(name);
        try {
            ip("netns", "add", name);
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ip("-n", name, "addr", "add", HOST_ADDRESS + "/24", "dev", "v0");
            ip("-n", name, "addr", "add", PEER_ADDRESS + "/24", "dev", "v1");
            ip("-n", name, "link", "set", "v0", "up");
            ip("-n", name, "link", "set", "v1", "up");
            ip("-n", name, "route", "add", "default", "via", PEER_ADDRESS, "dev", "v0");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** A process builder whose command runs inside the namespace. */
    public ProcessBuilder command(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return new ProcessBuilder(full);
    }

    /** Starts a process inside; {@link #close} kills it if it still runs. */
    public synchronized Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        started.add(p);
        return p;
    }

    /** Runs a command inside and returns its standard output; throws with its output when it fails. */
    public String run(String... command) {
        return execute(command(command).redirectErrorStream(true), String.join(" ", command));
    }

    /** Ids of the processes running inside now. */
    public List<Long> pids() {
        String out = execute(new ProcessBuilder("ip", "netns", "pids", name).redirectErrorStream(true), "ip netns pids");
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
    }

    /**
     * Makes every UDP packet inside the namespace undeliverable (IPv4 and IPv6) until the returned
     * block is closed, while TCP goes on: a network that lets only TCP through, or a media path
     * that dies while the signalling lives. Built from policy routing alone (a rule sending UDP to
     * a blackhole, ahead of the local table), since this namespace has no packet filter: a sender
     * gets an error at once ({@code EINVAL}) instead of a silent loss. Blocks do not nest.
     */
    public Block blockUdp() {
        return block();
    }

    /**
     * As {@link #blockUdp}, and TCP to or from these ports too: with a server's signalling port,
     * the server is gone from the network while the test's own connections (a device's control
     * page, say) go on. Connections already open stall, as on a real outage, and carry on after
     * the block if neither end gave up meanwhile.
     */
    public Block block(int... tcpPorts) {
        List<List<String>> rules = new ArrayList<>();
        rules.add(List.of("ipproto", "udp"));
        for (int port : tcpPorts) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("TCP port " + port + " is not 1-65535");
            }
            rules.add(List.of("ipproto", "tcp", "dport", String.valueOf(port)));
            rules.add(List.of("ipproto", "tcp", "sport", String.valueOf(port)));
        }
        return install(rules);
    }

    /**
     * Blocks UDP sent from the source ports {@code fromLow}..{@code fromHigh} to {@code toPort},
     * and TCP to {@code tcpToPorts}, until the returned block is closed; UDP from other ports goes
     * on. For a client whose media ports are a known range (a device's {@code call.media-ports})
     * and that must not reach a server's media ports directly, while a relay, or the client's own
     * sockets on other ports (its TURN allocations), still do. Built like {@link #block}, with the
     * {@code sport} and {@code dport} selectors of {@code ip rule}.
     */
    public Block blockUdpFromPorts(int fromLow, int fromHigh, int toPort, int... tcpToPorts) {
        if (checkPort(fromLow) > checkPort(fromHigh)) {
            throw new IllegalArgumentException("port range " + fromLow + "-" + fromHigh + " is empty");
        }
        List<List<String>> rules = new ArrayList<>();
        rules.add(List.of("ipproto", "udp", "sport", fromLow + "-" + fromHigh, "dport", String.valueOf(checkPort(toPort))));
        for (int port : tcpToPorts) {
            rules.add(List.of("ipproto", "tcp", "dport", String.valueOf(checkPort(port))));
        }
        return install(rules);
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
        return port;
    }

    private Block install(List<List<String>> rules) {
        for (String family : List.of("-4", "-6")) {
            if (!run("ip", family, "rule", "show", "pref", String.valueOf(LOCAL_RULE)).contains("lookup local")) {
                // the local table is looked up at preference 0, before any rule of ours: move it after
                run("ip", family, "rule", "add", "pref", String.valueOf(LOCAL_RULE), "lookup", "local");
                run("ip", family, "rule", "del", "pref", "0");
            }
            for (List<String> rule : rules) {
                List<String> command = new ArrayList<>(List.of("ip", family, "rule", "add", "pref", String.valueOf(BLOCK_RULE)));
                command.addAll(rule);
                command.add("blackhole");
                run(command.toArray(String[]::new));
            }
        }
        return new Block(rules.size());
    }

    /** A block of {@link #blockUdp} or {@link #block}; closing it lets everything through again. Safe to close twice. */
    public final class Block implements AutoCloseable {
        private final int rules;
        private boolean open = true;

        private Block(int rules) {
            this.rules = rules;
        }

        @Override
        public synchronized void close() {
            if (open && exists(name)) {
                for (String family : List.of("-4", "-6")) {
                    for (int i = 0; i < rules; i++) {
                        run("ip", family, "rule", "del", "pref", String.valueOf(BLOCK_RULE));
                    }
                }
            }
            open = false;
        }
    }

    /** Kills what runs inside (bounded wait) and deletes the namespace. Safe to call twice. */
    @Override
    public synchronized void close() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            for (long pid : pids()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (RuntimeException e) {
            // the namespace may not exist (creation failed early); deleting below says so if it matters
        }
        for (Process p : started) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (exists(name)) {
            ip("netns", "del", name);
        }
    }

    /** Whether a namespace of that name exists now. */
    public static boolean exists(String name) {
        return Files.exists(Path.of("/run/netns", name));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        execute(new ProcessBuilder(cmd).redirectErrorStream(true), String.join(" ", cmd));
    }

    private static String execute(ProcessBuilder builder, String what) {
        try {
            Process p = builder.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + what + "' did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + what + "' failed with exit code " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + what + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + what + "'", e);
        }
    }
}

package dev.salle.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The recipe the WebRTC tests stand on: an isolated namespace, peers inside, always removed. */
class NetworkNamespaceTest {

    @Test
    void namespaceHasOnlyLoopbackAndItsOwnVethPairWithADefaultRoute() {
        String name;
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            name = ns.name();
            String links = ns.run("ip", "-o", "link", "show");
            String routes = ns.run("ip", "route", "show");

            assertThat(links.lines().map(l -> l.split(":")[1].strip().split("@")[0])).containsExactlyInAnyOrder("lo", "v0", "v1");
            assertThat(routes).contains("default via " + NetworkNamespace.PEER_ADDRESS + " dev v0");
            assertThat(ns.run("ip", "-o", "addr", "show", "dev", "v0")).contains(NetworkNamespace.HOST_ADDRESS + "/24");
            assertThat(NetworkNamespace.exists(name)).isTrue();
        }
        assertThat(NetworkNamespace.exists(name)).as("deleted on close").isFalse();
    }

    @Test
    void aBlockFromSourcePortsStopsOnlyUdpFromThoseToThePort() {
        RealDependency.require(RealDependency.onPath("python3"), "python3 (to send datagrams inside)");
        String probe = """
                import socket
                def send(sport, dport):
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", sport))
                    try:
                        s.sendto(b"u", ("127.0.0.1", dport)); return "passes"
                    except OSError as e:
                        return "blocked"
                    finally:
                        s.close()
                print("in-range", send(20005, 7882), "other-source", send(0, 7882), "other-dest", send(20006, 7883))
                """;
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            NetworkNamespace.Block block = ns.blockUdpFromPorts(20000, 20009, 7882, 7881);
            try {
                assertThat(ns.run("python3", "-c", probe)).contains("in-range blocked other-source passes other-dest passes");
            } finally {
                block.close();
            }
            assertThat(ns.run("python3", "-c", probe)).contains("in-range passes");
        }
    }

    @Test
    void aUdpBlockStopsUdpButNotTcpAndClosingItLetsUdpThroughAgain() {
        RealDependency.require(RealDependency.onPath("python3"), "python3 (to send a datagram and open a TCP connection inside)");
        String probe = """
                import socket
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(1)
                try:
                    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"u", s.getsockname()); s.recv(8); print("udp passes")
                except OSError as e:
                    print("udp blocked", e.errno)
                l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
                t = socket.create_connection(l.getsockname(), 1); a, _ = l.accept(); t.send(b"t")
                print("tcp passes" if a.recv(8) == b"t" else "tcp broken")
                """;
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            assertThat(ns.run("python3", "-c", probe)).contains("udp passes", "tcp passes");
            NetworkNamespace.Block block = ns.blockUdp();
            try {
                assertThat(ns.run("python3", "-c", probe)).contains("udp blocked", "tcp passes");
            } finally {
                block.close();
            }
            assertThat(ns.run("python3", "-c", probe)).contains("udp passes", "tcp passes");
            block.close(); // twice is harmless
            NetworkNamespace.Block again = ns.blockUdp();
            try {
                assertThat(ns.run("python3", "-c", probe)).as("a second block after the first").contains("udp blocked");
            } finally {
                again.close();
            }
            assertThat(ns.run("python3", "-c", probe)).contains("udp passes");
        }
    }

    @Test
    void aBlockWithTcpPortsStopsTcpToAndFromThosePortsOnly() {
        RealDependency.require(RealDependency.onPath("python3"), "python3 (to open TCP connections inside)");
        String probe = """
                import socket, sys
                def reach(port):
                    l = socket.socket(); l.bind(("127.0.0.1", port)); l.listen()
                    try:
                        socket.create_connection(("127.0.0.1", port), 1); return "passes"
                    except OSError as e:
                        return "blocked"
                print("blocked-port", reach(int(sys.argv[1])), "other-port", reach(int(sys.argv[2])))
                """;
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            assertThat(ns.run("python3", "-c", probe, "7880", "7990")).contains("blocked-port passes other-port passes");
            NetworkNamespace.Block block = ns.block(7880);
            try {
                assertThat(ns.run("python3", "-c", probe, "7880", "7990")).contains("blocked-port blocked other-port passes");
            } finally {
                block.close();
            }
            assertThat(ns.run("python3", "-c", probe, "7880", "7990")).contains("blocked-port passes");
            assertThat(ns.run("ip", "rule", "show")).doesNotContain("blackhole");
        }
    }

    @Test
    void closeKillsWhatStillRunsInside() throws Exception {
        Process sleeper;
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            sleeper = ns.start(ns.command("sleep", "300"));
            for (int i = 0; i < 50 && ns.pids().isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertThat(ns.pids()).isNotEmpty();
        }
        assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theLiveKitNodeClientLoadsInsideANamespace() {
        Path rtcNode = Path.of("..", "interop", "node_modules", "@livekit", "rtc-node");
        RealDependency.require(Files.isDirectory(rtcNode) && RealDependency.onPath("node"),
                "@livekit/rtc-node in interop/node_modules and Node.js (./salle test installs them)");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            String out = ns.run("node", "-e",
                    "const rtc = require(process.argv[1]); console.log(typeof rtc.Room === 'function' ? 'rtc-node ok' : 'no Room');",
                    rtcNode.toAbsolutePath().toString());
            assertThat(out).contains("rtc-node ok");
        }
    }

    @Test
    void chromiumInsideANamespaceConnectsPeersOnlyThroughTheNamespacesAddresses() {
        Path script = Path.of("..", "interop", "webrtc-selftest.mjs").toAbsolutePath();
        Path playwright = Path.of("..", "interop", "node_modules", "playwright-core");
        RealDependency.require(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium (Debian package chromium)");
        RealDependency.require(Files.isDirectory(playwright) && RealDependency.onPath("node"),
                "playwright-core in interop/node_modules and Node.js (./salle test installs them)");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            String out = ns.run("node", script.toString(), "/usr/bin/chromium");

            String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(out);
            assertThat(json).as("self-test result: " + out).contains("\"ok\":true");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+").matcher(
                    json.substring(json.indexOf("candidates")));
            java.util.List<String> addresses = new java.util.ArrayList<>();
            while (m.find()) {
                addresses.add(m.group());
            }
            assertThat(addresses).as("IPv4 candidates gathered").isNotEmpty()
                    .allMatch(a -> a.startsWith("10.77.0.") || a.startsWith("127."));
        }
    }
}

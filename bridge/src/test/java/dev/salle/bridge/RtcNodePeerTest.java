package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.testkit.NetworkNamespace;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code @livekit/rtc-node} reference peer loads and behaves inside a test's namespace. */
class RtcNodePeerTest {

    @Test
    void failsWithAClearMessageWhenTheBridgeIsUnreachable() {
        RtcNodePeer.requireInstalled();
        try (NetworkNamespace ns = NetworkNamespace.create();
                RtcNodePeer peer = RtcNodePeer.start(ns, URI.create("ws://" + NetworkNamespace.PEER_ADDRESS + ":9"),
                        BridgeProcess.token("abc-defg-hij", "peer"), "--seconds", "30")) {

            int code = peer.awaitExit(Duration.ofSeconds(60));

            assertThat(code).as(peer.output()).isEqualTo(1);
            assertThat(peer.events("error")).as(peer.output()).singleElement()
                    .satisfies(e -> assertThat(e.path("message").asText())
                            .contains("could not join the room at ws://" + NetworkNamespace.PEER_ADDRESS + ":9"));
        }
    }

    @Test
    void refusesBadArgumentsWithExitCodeTwo() {
        RtcNodePeer.requireInstalled();
        try (NetworkNamespace ns = NetworkNamespace.create();
                RtcNodePeer peer = RtcNodePeer.start(ns, URI.create("ws://" + NetworkNamespace.PEER_ADDRESS + ":9"),
                        "token", "--seconds", "0")) {

            assertThat(peer.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(peer.events("error")).singleElement()
                    .satisfies(e -> assertThat(e.path("message").asText()).contains("--seconds is '0'"));
        }
    }

    @Test
    void stopsCleanlyOnSigtermWhileConnecting() throws Exception {
        RtcNodePeer.requireInstalled();
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            // a TCP port that accepts and never answers: the peer's join hangs until told to stop
            ns.start(ns.command("node", "-e", "require('net').createServer(() => {}).listen(7999, '"
                    + NetworkNamespace.PEER_ADDRESS + "')"));
            RtcNodePeer peer = RtcNodePeer.start(ns, URI.create("ws://" + NetworkNamespace.PEER_ADDRESS + ":7999"),
                    BridgeProcess.token("abc-defg-hij", "peer"), "--seconds", "120");
            try {
                for (int i = 0; i < 200 && peer.events("started").isEmpty() && peer.isAlive(); i++) {
                    Thread.sleep(100);
                }
                assertThat(peer.events("started")).as(peer.output()).hasSize(1);

                assertThat(peer.terminate()).as(peer.output()).isZero();
                assertThat(peer.events("done")).singleElement()
                        .satisfies(e -> assertThat(e.path("reason").asText()).isEqualTo("SIGTERM"));
            } finally {
                peer.close();
            }
        }
    }

    @Test
    void reachesTheRealBridgesSignallingInsideTheNamespace() throws Exception {
        RtcNodePeer.requireInstalled();
        try (NetworkNamespace ns = NetworkNamespace.create(); BridgeProcess bridge = BridgeProcess.start(ns);
                RtcNodePeer peer = RtcNodePeer.start(ns, bridge.livekitUrl(),
                        BridgeProcess.token("abc-defg-hij", "node-peer"), "--seconds", "60")) {
            String metrics = "";
            for (int i = 0; i < 60 && !metrics.contains("path=\"/rtc\""); i++) {
                Thread.sleep(500);
                metrics = bridge.httpGet("/metrics");
            }

            assertThat(metrics).as("the peer's WebSocket reached /rtc; peer output:\n" + peer.output())
                    .contains("salle_bridge_http_requests_total{path=\"/rtc\"");
            assertThat(peer.events("started")).hasSize(1);
        }
    }
}

package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.testkit.NetworkNamespace;
import org.junit.jupiter.api.Test;

/** The {@link BridgeProcess} fixture: the real bridge as a process inside a test's namespace. */
class BridgeProcessInNamespaceTest {

    @Test
    void bridgeRunsInsideTheNamespaceOnItsAddressAndStopsOnClose() {
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            long pid;
            BridgeProcess bridge = BridgeProcess.start(ns);
            try {
                pid = bridge.pid();
                assertThat(bridge.httpUri().getHost()).isEqualTo(NetworkNamespace.PEER_ADDRESS);
                assertThat(ns.pids()).contains(pid);

                String room = bridge.httpGet("/api/v1.0/rooms/abc-defg-hij/?username=Ann");
                assertThat(room).startsWith("200\n").contains("\"url\":\"ws://" + NetworkNamespace.PEER_ADDRESS + ":"
                        + bridge.httpUri().getPort() + "\"");
                assertThat(bridge.httpGet("/metrics")).startsWith("200\n").contains("salle_bridge_rooms");
            } finally {
                bridge.close();
            }
            assertThat(bridge.isAlive()).isFalse();
            assertThat(ns.pids()).doesNotContain(pid);
            assertThat(bridge.output()).contains(BridgeMain.READY).contains("salle bridge: stopped");
        }
    }

    @Test
    void fixtureTokensAreAcceptedByTheBridge() {
        try (NetworkNamespace ns = NetworkNamespace.create(); BridgeProcess bridge = BridgeProcess.start(ns)) {
            String token = BridgeProcess.token("abc-defg-hij", "alice", "Alice");

            assertThat(bridge.httpGet("/rtc/validate?access_token=" + token)).startsWith("200\n");
            assertThat(bridge.httpGet("/rtc/validate?access_token=" + token + "x")).startsWith("401\n");
        }
    }
}

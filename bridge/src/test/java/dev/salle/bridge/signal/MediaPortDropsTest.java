package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Garbage and forged STUN on the media port are dropped, counted by reason, and harm no one. */
class MediaPortDropsTest {

    private final SignalFixture f = new SignalFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void garbageAndStunForAnUnknownSessionAreCountedAndTheParticipantStaysConnected() throws Exception {
        SignalFixture.Joined alice = f.join("alice");
        InetSocketAddress port = f.signalling.get().mediaAddress().orElseThrow();
        byte[] garbage = {(byte) 0xFF, 1, 2, 3, 4, 5};
        // a binding request (RFC 5389 header) with a USERNAME for a ufrag nobody has
        byte[] stun = {0, 1, 0, 12, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
            0, 6, 0, 8, 'n', 'o', 'b', 'o', ':', 'd', 'y', '!'};
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 5; i++) {
                s.send(new DatagramPacket(garbage, garbage.length, port));
                s.send(new DatagramPacket(stun, stun.length, port));
            }
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(f.metrics())
                .contains("salle_bridge_udp_dropped_total{reason=\"unknown_kind\"} 5")
                .contains("salle_bridge_udp_dropped_total{reason=\"unknown_ufrag\"} 5")
                .containsPattern("(?m)^salle_bridge_udp_datagrams_total 10$"));
        alice.client().send(livekit.LivekitRtc.SignalRequest.newBuilder().setPing(1).build());
        alice.client().await(livekit.LivekitRtc.SignalResponse.MessageCase.PONG);
        SignalClient.assertOpen(alice.client());
    }
}

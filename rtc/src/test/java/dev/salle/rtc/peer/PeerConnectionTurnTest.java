package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnTimeouts;
import dev.salle.testkit.CoturnProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Relayed candidates (RFC 8656, RFC 8445 §5.1.2.2) between two real {@link PeerConnection}s on
 * loopback, through a real coturn: the full client side allocates, checks the lite server through
 * the relay, and DTLS and SRTP then run on the relayed path when it is the one selected.
 */
class PeerConnectionTurnTest {

    private static final long WAIT_SECONDS = 10;
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus(), LocalCodec.h264ConstrainedBaseline());
    private static final TurnTimeouts QUICK = new TurnTimeouts(Duration.ofMillis(200), 4, Duration.ofSeconds(2));

    private static CoturnProcess coturn;
    private LoopbackPeers peers;

    @BeforeAll
    static void startCoturn() {
        coturn = CoturnProcess.startOnLoopback(CoturnProcess.Auth.user("device", "relay-me"));
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        peers = new LoopbackPeers(PeerConfig.of(CODECS));
    }

    @AfterEach
    void close() {
        peers.close();
    }

    private Candidate gatherRelay(boolean relayOnly) throws Exception {
        CompletableFuture<Candidate> gathered = new CompletableFuture<>();
        peers.client.gatherRelays(List.of(new TurnServer(coturn.address(), "device", "relay-me")), relayOnly, peers.scheduler,
                QUICK, gathered::complete);
        Candidate relay = gathered.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(relay.type()).isEqualTo("relay");
        assertThat(relay.priority()).isLessThan(peers.client.localCandidates().get(0).priority());
        return relay;
    }

    @Test
    void withRelayOnlyTheClientConnectsThroughTurnAndMediaFlowsBothWays() throws Exception {
        Candidate relay = gatherRelay(true);
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");

        peers.client.applyAnswer(peers.server.answer(peers.client.createOffer(List.of(audio))));

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.client.selectedIsRelayed()).isTrue();
        assertThat(peers.client.selectedPath()).contains("turn-udp");
        assertThat(peers.server.remoteAddress()).as("the server sees the client at its relayed address")
                .contains(new InetSocketAddress(relay.address(), relay.port()));
        byte[] packet = ClientPeerConnectionTest.rtp(111, 7, 0x1111_2222L);
        assertThat(peers.client.sendRtp(packet)).isTrue();
        assertThat(peers.serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
        byte[] back = ClientPeerConnectionTest.rtp(111, 9, 0x3333_4444L);
        assertThat(peers.server.sendRtp(back)).isTrue();
        assertThat(peers.clientSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(back);
    }

    @Test
    void whenTheDirectPathWorksItWinsOverTheRelay() throws Exception {
        gatherRelay(false);
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");

        peers.client.applyAnswer(peers.server.answer(peers.client.createOffer(List.of(audio))));

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        Thread.sleep(Duration.ofMillis(5 * PeerConnection.CHECK_INTERVAL_MILLIS));
        assertThat(peers.client.selectedIsRelayed()).isFalse();
        assertThat(peers.server.remoteAddress()).contains(peers.clientMux.localAddress());
        byte[] packet = ClientPeerConnectionTest.rtp(111, 7, 0x1111_2222L);
        assertThat(peers.client.sendRtp(packet)).isTrue();
        assertThat(peers.serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
    }
}

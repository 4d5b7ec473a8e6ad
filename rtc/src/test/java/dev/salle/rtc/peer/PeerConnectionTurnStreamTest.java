package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnTimeouts;
import dev.salle.rtc.turn.TurnTlsTrust;
import dev.salle.testkit.CoturnProcess;
import dev.salle.testkit.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A relay-only connection between two real {@link PeerConnection}s on loopback through a real
 * coturn reached over TCP and over TLS (a test CA): the relayed side stays UDP, the client's leg to
 * the TURN server is a stream, and ICE, DTLS and SRTP run through it both ways.
 */
class PeerConnectionTurnStreamTest {

    private static final long WAIT_SECONDS = 10;
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus(), LocalCodec.h264ConstrainedBaseline());
    private static final TurnTimeouts QUICK = new TurnTimeouts(Duration.ofMillis(200), 4, Duration.ofSeconds(2));

    @TempDir
    static Path certificates;
    private static TestCertificates tls;
    private static CoturnProcess coturn;
    private LoopbackPeers peers;

    @BeforeAll
    static void startCoturn() {
        tls = TestCertificates.create(certificates.resolve("ca"), "Salle peer test CA");
        coturn = CoturnProcess.startOnLoopbackWithTls(CoturnProcess.Auth.user("device", "relay-me"), tls);
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

    @ParameterizedTest
    @EnumSource(value = TurnServer.Transport.class, names = {"TCP", "TLS"})
    void relayOnlyThroughAStreamToTurnConnectsAndMediaFlowsBothWays(TurnServer.Transport transport) throws Exception {
        TurnServer turn = transport == TurnServer.Transport.TLS
            ? new TurnServer(coturn.tlsAddress(), "device", "relay-me", transport, TestCertificates.HOST_NAME,
                TurnTlsTrust.withExtraAnchor(tls.ca()))
            : new TurnServer(coturn.address(), "device", "relay-me", transport, "127.0.0.1", TurnTlsTrust.SYSTEM);
        CompletableFuture<Candidate> gathered = new CompletableFuture<>();
        peers.client.gatherRelays(List.of(turn), true, peers.scheduler, QUICK, gathered::complete);
        Candidate relay = gathered.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(relay.type()).isEqualTo("relay");
        assertThat(relay.transport()).as("the relayed side stays UDP").isEqualToIgnoringCase("udp");
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");

        peers.client.applyAnswer(peers.server.answer(peers.client.createOffer(List.of(audio))));

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.client.selectedIsRelayed()).isTrue();
        assertThat(peers.client.selectedPath()).contains("turn-" + transport.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(peers.server.remoteAddress()).as("the server sees the client at its relayed address")
                .contains(new InetSocketAddress(relay.address(), relay.port()));
        byte[] packet = ClientPeerConnectionTest.rtp(111, 7, 0x1111_2222L);
        assertThat(peers.client.sendRtp(packet)).isTrue();
        assertThat(peers.serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
        byte[] back = ClientPeerConnectionTest.rtp(111, 9, 0x3333_4444L);
        assertThat(peers.server.sendRtp(back)).isTrue();
        assertThat(peers.clientSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(back);
    }

    @org.junit.jupiter.api.Test
    void aTurnServerWhoseCertificateIsNotTrustedIsWhyIceFailedWhenItWasTheOnlyWay() throws Exception {
        peers.close();
        peers = new LoopbackPeers(PeerConfig.of(CODECS).withIceTimeout(java.time.Duration.ofSeconds(3)));
        TurnServer untrusted = new TurnServer(coturn.tlsAddress(), "device", "relay-me", TurnServer.Transport.TLS,
            TestCertificates.HOST_NAME, TurnTlsTrust.SYSTEM);
        peers.client.gatherRelays(List.of(untrusted), true, peers.scheduler, QUICK, c -> { });
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");

        peers.client.applyAnswer(peers.server.answer(peers.client.createOffer(List.of(audio))));

        PeerFailure failure = peers.clientSide.failed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(failure.stage()).isEqualTo(PeerFailure.Stage.ICE);
        assertThat(failure.turnFailures()).singleElement()
            .satisfies(t -> assertThat(t.kind()).isEqualTo(dev.salle.rtc.turn.TurnException.Kind.TLS));
        assertThat(failure.message()).contains("no relay: TLS").doesNotContain("relay-me");
    }
}

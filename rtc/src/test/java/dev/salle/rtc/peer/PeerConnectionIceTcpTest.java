package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.ice.IceTcpLimits;
import dev.salle.rtc.ice.TcpMux;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.LocalCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ICE over TCP (RFC 6544) between two real {@link PeerConnection}s on loopback: the lite server
 * side with a passive TCP port beside its UDP one, the full client side connecting actively.
 */
class PeerConnectionIceTcpTest {

    private static final long WAIT_SECONDS = 10;
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus(), LocalCodec.h264ConstrainedBaseline());

    private LoopbackPeers peers;
    private TcpMux serverTcp;

    @BeforeEach
    void open() throws Exception {
        peers = new LoopbackPeers(PeerConfig.of(CODECS), mux -> {
            serverTcp = TcpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), mux, IceTcpLimits.DEFAULTS);
            return serverTcp;
        });
    }

    @AfterEach
    void close() {
        peers.close();
    }

    @Test
    void theServerAdvertisesAPassiveTcpCandidateBelowItsUdpOne() {
        List<Candidate> candidates = peers.server.localCandidates();

        assertThat(candidates).hasSize(2);
        Candidate udp = candidates.get(0);
        Candidate tcp = candidates.get(1);
        assertThat(udp.transport()).isEqualTo("udp");
        assertThat(tcp.transport()).isEqualTo("tcp");
        assertThat(tcp.port()).isEqualTo(serverTcp.localAddress().getPort());
        assertThat(tcp.toValue()).contains("typ host tcptype passive");
        // RFC 6544 §4.2: type preference 126, local preference 2^13 * 4 (passive) + 8191, component 1
        assertThat(tcp.priority()).isEqualTo(126L * (1 << 24) + ((4L << 13) + 8191) * 256 + 255).isLessThan(udp.priority());
    }

    @Test
    void aClientThatOnlyReachesTheTcpCandidateConnectsOverTcpAndMediaFlowsBothWays() throws Exception {
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");
        String answer = peers.server.answer(peers.client.createOffer(List.of(audio)));
        String tcpOnly = answer.replaceAll("a=candidate:[^\r\n]* udp [^\r\n]*\r\n", "");
        assertThat(tcpOnly).contains(" tcp ").doesNotContain(" udp ");

        peers.client.applyAnswer(tcpOnly);

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.client.selectedTransport()).contains("tcp");
        assertThat(peers.client.selectedPath()).contains("tcp");
        assertThat(peers.server.selectedTransport()).contains("tcp");
        byte[] packet = ClientPeerConnectionTest.rtp(111, 7, 0x1111_2222L);
        assertThat(peers.client.sendRtp(packet)).isTrue();
        assertThat(peers.serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
        byte[] back = ClientPeerConnectionTest.rtp(111, 9, 0x3333_4444L);
        assertThat(peers.server.sendRtp(back)).isTrue();
        assertThat(peers.clientSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(back);
        assertThat(serverTcp.closes().total()).isZero();
    }

    @Test
    void whenBothWorkBothSidesEndOnUdp() throws Exception {
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");

        peers.client.applyAnswer(peers.server.answer(peers.client.createOffer(List.of(audio))));

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        // checks on both paths go on for a few rounds; the TCP ones must not take the pair over
        for (int i = 0; i < 20 && serverTcp.connectionCount() == 0; i++) {
            Thread.sleep(50);
        }
        Thread.sleep(Duration.ofMillis(5 * PeerConnection.CHECK_INTERVAL_MILLIS));
        assertThat(peers.client.selectedTransport()).contains("udp");
        assertThat(peers.client.selectedPath()).contains("udp");
        assertThat(peers.server.selectedTransport()).contains("udp");
        byte[] packet = ClientPeerConnectionTest.rtp(111, 7, 0x1111_2222L);
        assertThat(peers.client.sendRtp(packet)).isTrue();
        assertThat(peers.serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
    }
}

package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.sdp.LocalCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consent freshness (RFC 7675) on a connected client: its consent checks go through a UDP relay to
 * the lite server, and the relay can stop carrying anything, as a NAT that dropped the flow does.
 */
class PeerConnectionConsentTest {

    private static final long WAIT_SECONDS = 10;
    private static final Duration CONSENT = Duration.ofSeconds(4);
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus());
    private static final SendTrack AUDIO = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");

    private ExecutorService executor;
    private UdpMux serverMux;
    private UdpMux clientMux;
    private Relay relay;
    private final PeerConnectionTest.RecordingListener serverSide = new PeerConnectionTest.RecordingListener();
    private final BlockingQueue<PeerFailure> consentLost = new LinkedBlockingQueue<>();
    private final PeerConnectionTest.RecordingListener clientSide = new PeerConnectionTest.RecordingListener() {
        @Override
        public void consentLost(PeerFailure failure) {
            consentLost.add(failure);
        }
    };
    private PeerConnection server;
    private PeerConnection client;

    @BeforeEach
    void open() throws Exception {
        executor = Executors.newCachedThreadPool();
        serverMux = UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
        clientMux = UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
        relay = new Relay(serverMux.localAddress());
        server = new PeerConnection(serverMux, ClientPeerConnectionTest.dtls(), PeerConfig.of(CODECS), executor,
                new Random(1), serverSide);
        client = new PeerConnection(clientMux, ClientPeerConnectionTest.dtls(),
                PeerConfig.of(CODECS).asClient().withConsentTimeout(CONSENT), executor, new Random(2), clientSide);
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
        relay.close();
        clientMux.close();
        serverMux.close();
        executor.shutdownNow();
    }

    @Test
    void consentIsLostWhenThePathGoesSilentAndFreshAgainWhenAnswersComeBack() throws Exception {
        connectThroughTheRelay();
        Thread.sleep(2 * CONSENT.toMillis() + 1000);
        assertThat(consentLost).as("answered consent checks alone (no media) keep consent").isEmpty();

        relay.carry(false);
        PeerFailure lost = consentLost.poll(CONSENT.toSeconds() + WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(lost).as("consent lost while the path is silent").isNotNull();
        assertThat(lost.stage()).isEqualTo(PeerFailure.Stage.CONSENT);
        assertThat(lost.message()).contains("PT4S");
        assertThat(client.state()).as("still connected: an ICE restart may recover it").isEqualTo(PeerConnection.State.CONNECTED);
        assertThat(clientSide.failed).isNotDone();

        relay.carry(true);
        Thread.sleep(2 * CONSENT.toMillis() + 1000);
        assertThat(consentLost).as("answers came back: consent is fresh, nothing more reported").isEmpty();
        byte[] packet = ClientPeerConnectionTest.rtp(111, 8, 0x1111_2222L);
        assertThat(client.sendRtp(packet)).isTrue();
        assertThat(serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);

        relay.carry(false);
        assertThat(consentLost.poll(CONSENT.toSeconds() + WAIT_SECONDS, TimeUnit.SECONDS))
                .as("a second silence is a second loss").isNotNull();
    }

    @Test
    void inboundMediaKeepsConsentWhileTheChecksGoUnanswered() throws Exception {
        connectThroughTheRelay();
        relay.dropStun(true);

        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * CONSENT.toMillis() + 1000);
        int seq = 0;
        while (System.nanoTime() - end < 0) {
            assertThat(server.sendRtp(ClientPeerConnectionTest.rtp(111, seq++, 0x3333_4444L))).isTrue();
            Thread.sleep(100);
        }

        assertThat(consentLost).isEmpty();
        assertThat(clientSide.rtp).isNotEmpty();
    }

    private void connectThroughTheRelay() throws Exception {
        String offer = client.createOffer(List.of(AUDIO));
        String answer = server.answer(offer);
        String viaRelay = answer.replace(" " + serverMux.localAddress().getPort() + " typ host",
                " " + relay.address().getPort() + " typ host");
        assertThat(viaRelay).isNotEqualTo(answer);
        client.applyAnswer(viaRelay);
        assertThat(clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    }

    /**
     * One client, one server: what the client sends to {@link #address} goes to the server from
     * another socket, and what the server sends back there goes to the client, unless stopped.
     */
    private static final class Relay implements AutoCloseable {
        private final DatagramSocket front;
        private final DatagramSocket back;
        private final InetSocketAddress server;
        private volatile InetSocketAddress client;
        private volatile boolean carry = true;
        private volatile boolean dropStun;
        private volatile boolean open = true;
        private final Thread up;
        private final Thread down;

        Relay(InetSocketAddress server) throws SocketException {
            this.server = server;
            front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            up = Thread.ofPlatform().daemon().start(() -> pump(front, true));
            down = Thread.ofPlatform().daemon().start(() -> pump(back, false));
        }

        InetSocketAddress address() {
            return (InetSocketAddress) front.getLocalSocketAddress();
        }

        void carry(boolean on) {
            carry = on;
        }

        /** Drops STUN only (the first byte 0 or 1, RFC 7983); media and DTLS still pass. */
        void dropStun(boolean on) {
            dropStun = on;
        }

        private void pump(DatagramSocket from, boolean toServer) {
            byte[] buf = new byte[2048];
            try {
                from.setSoTimeout(100);
                while (open) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        from.receive(p);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (toServer) {
                        client = (InetSocketAddress) p.getSocketAddress();
                    }
                    InetSocketAddress to = toServer ? server : client;
                    boolean stun = p.getLength() > 0 && (buf[0] & 0xFF) < 2;
                    if (!carry || to == null || (dropStun && stun)) {
                        continue;
                    }
                    (toServer ? back : front).send(new DatagramPacket(buf, p.getLength(), to));
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() {
            open = false;
            front.close();
            back.close();
            try {
                up.join(1000);
                down.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.salle.rtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The passive ICE-TCP port (RFC 6544) on loopback, against a peer that writes framed STUN by hand. */
class TcpMuxTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final Random random = new Random(11);
    private final IceCredentials server = IceCredentials.random(random);
    private final IceCredentials client = IceCredentials.random(random);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private UdpMux mux;
    private TcpMux tcp;

    @BeforeEach
    void open() throws IOException {
        mux = UdpMux.open(LOOPBACK, Clock.systemUTC());
        tcp = TcpMux.open(LOOPBACK, mux, new IceTcpLimits(Duration.ofMillis(400), 3));
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        tcp.close();
        mux.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(tcp.localAddress(), 2000);
        s.setSoTimeout(3000);
        return s;
    }

    private byte[] check(String username, IceCredentials key, boolean useCandidate) {
        StunMessageBuilder b = new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING,
                StunMessageBuilder.newTransactionId(random)).username(username).priority(1_845_501_695L).iceControlling(42);
        if (useCandidate) {
            b.useCandidate();
        }
        return b.build(key.integrityKey(), true);
    }

    private static void sendFramed(Socket s, byte[] packet) throws IOException {
        s.getOutputStream().write(FrameReader.frame(packet, 0, packet.length));
    }

    private static byte[] readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readUnsignedShort();
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    /** Whether the server closed the connection (end of stream or reset) within three seconds, skipping what it sent. */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[512];
        try {
            for (int i = 0; i < 100; i++) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    /** Waits up to three seconds, in 10 ms steps, for {@code condition}; fails the test if it never holds. */
    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition within 3 s").isTrue();
    }

    private static byte[] rtp(int seq) {
        byte[] p = new byte[40];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[3] = (byte) seq;
        return p;
    }

    @Test
    void anAuthenticatedFirstCheckMakesTheConnectionTheSessionsPathBothWays() throws Exception {
        List<byte[]> media = new CopyOnWriteArrayList<>();
        IceLiteSession session = mux.register(server, Optional.of(client.ufrag()), new IceLiteSession.Listener() {
            @Override
            public void media(byte[] datagram) {
                media.add(datagram);
            }
        });
        Socket s = connect();

        sendFramed(s, check(server.ufrag() + ":" + client.ufrag(), server, true));
        StunMessage response = StunMessage.parse(readFrame(s));

        assertThat(response.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        response.verifyIntegrity(server.integrityKey());
        assertThat(response.xorMappedAddress()).contains((InetSocketAddress) s.getLocalSocketAddress());
        assertThat(session.selectedIsTcp()).isTrue();
        assertThat(session.nominated()).isTrue();

        session.send(rtp(1), 0, 40);
        assertThat(readFrame(s)).isEqualTo(rtp(1));
        sendFramed(s, rtp(2));
        eventually(() -> media.size() == 1);
        assertThat(media.get(0)).isEqualTo(rtp(2));
        assertThat(tcp.closes().total()).isZero();
        assertThat(tcp.pendingCount()).isZero();
    }

    @Test
    void aFirstCheckWithTheWrongPasswordClosesTheConnectionAndBindsNothing() throws Exception {
        IceLiteSession session = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        Socket s = connect();

        sendFramed(s, check(server.ufrag() + ":" + client.ufrag(), client, true));

        assertThat(closedByServer(s)).isTrue();
        assertThat(session.selectedAddress()).isEmpty();
        eventually(() -> tcp.closes().count(IceTcpCloseReason.CHECK_NOT_AUTHENTICATED) == 1);
    }

    @Test
    void aFirstCheckForAnUnknownUfragClosesTheConnection() throws Exception {
        mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        Socket s = connect();

        sendFramed(s, check("nosuch:" + client.ufrag(), server, true));

        assertThat(closedByServer(s)).isTrue();
        eventually(() -> tcp.closes().count(IceTcpCloseReason.CHECK_NOT_AUTHENTICATED) == 1);
        assertThat(mux.drops().count(IceDropReason.UNKNOWN_UFRAG)).isEqualTo(1);
    }

    @Test
    void mediaBeforeAnyCheckClosesTheConnectionAndReachesNoSession() throws Exception {
        List<byte[]> media = new CopyOnWriteArrayList<>();
        mux.register(server, Optional.empty(), new IceLiteSession.Listener() {
            @Override
            public void media(byte[] datagram) {
                media.add(datagram);
            }
        });
        Socket s = connect();

        sendFramed(s, rtp(1));

        assertThat(closedByServer(s)).isTrue();
        eventually(() -> tcp.closes().count(IceTcpCloseReason.FIRST_FRAME_NOT_A_CHECK) == 1);
        assertThat(media).isEmpty();
    }

    @Test
    void aZeroFrameLengthClosesTheConnection() throws Exception {
        Socket s = connect();

        s.getOutputStream().write(new byte[] {0, 0, 0, 1});

        assertThat(closedByServer(s)).isTrue();
        eventually(() -> tcp.closes().count(IceTcpCloseReason.BAD_FRAME_LENGTH) == 1);
    }

    @Test
    void aFrameLengthAboveTheLimitClosesTheConnectionEvenAfterAuthentication() throws Exception {
        IceLiteSession session = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        Socket s = connect();
        sendFramed(s, check(server.ufrag() + ":" + client.ufrag(), server, true));
        readFrame(s);
        assertThat(session.selectedIsTcp()).isTrue();

        s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3});

        assertThat(closedByServer(s)).isTrue();
        eventually(() -> tcp.closes().count(IceTcpCloseReason.BAD_FRAME_LENGTH) == 1);
    }

    @Test
    void aConnectionThatSendsNothingValidInTimeIsClosed() throws Exception {
        Socket silent = connect();
        Socket dripping = connect();

        dripping.getOutputStream().write(new byte[] {0, 100, 1}); // a frame begun and never finished

        assertThat(closedByServer(silent)).isTrue();
        assertThat(closedByServer(dripping)).isTrue();
        eventually(() -> tcp.closes().count(IceTcpCloseReason.NO_CHECK_IN_TIME) == 2);
        assertThat(tcp.pendingCount()).isZero();
    }

    @Test
    void connectionsBeyondThePendingLimitAreClosedAtOnce() throws Exception {
        tcp.close();
        tcp = TcpMux.open(LOOPBACK, mux, new IceTcpLimits(Duration.ofSeconds(30), 2));
        connect();
        connect();
        eventually(() -> tcp.pendingCount() == 2);

        Socket third = connect();

        assertThat(closedByServer(third)).isTrue();
        assertThat(tcp.closes().count(IceTcpCloseReason.TOO_MANY_PENDING)).isEqualTo(1);
        assertThat(tcp.pendingCount()).isEqualTo(2);
    }

    @Test
    void anUnnominatedTcpCheckDoesNotDisplaceAUdpPath() throws Exception {
        IceLiteSession session = mux.register(server, Optional.of(client.ufrag()), new IceLiteSession.Listener() {});
        try (DatagramChannel udp = DatagramChannel.open().bind(LOOPBACK)) {
            udp.send(ByteBuffer.wrap(check(server.ufrag() + ":" + client.ufrag(), server, false)), mux.localAddress());
            eventually(() -> session.selectedAddress().isPresent());
            Socket s = connect();

            sendFramed(s, check(server.ufrag() + ":" + client.ufrag(), server, false));
            readFrame(s);

            assertThat(session.selectedIsTcp()).isFalse();
            assertThat(session.selectedAddress()).contains((InetSocketAddress) udp.getLocalAddress());
        }
    }

    @Test
    void closingTheSessionClosesItsConnections() throws Exception {
        IceLiteSession session = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        Socket s = connect();
        sendFramed(s, check(server.ufrag() + ":" + client.ufrag(), server, true));
        readFrame(s);

        session.close();

        assertThat(closedByServer(s)).isTrue();
        eventually(() -> tcp.connectionCount() == 0);
    }

    @Test
    void theUdpPortAdvertisesTheTcpPort() {
        assertThat(mux.passiveTcpPort()).hasValue(tcp.localAddress().getPort());
    }
}

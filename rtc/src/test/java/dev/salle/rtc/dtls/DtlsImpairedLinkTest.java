package dev.salle.rtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Handshakes over links that lose, reorder and duplicate datagrams, or carry junk. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DtlsImpairedLinkTest {

    private static final DtlsConfig PATIENT = DtlsConfig.defaults()
            .withHandshakeTimeout(Duration.ofSeconds(30))
            .withInitialRetransmitTimeout(Duration.ofMillis(100));

    private HandshakePair pair;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void handshakeCompletesOverALinkWithTenPercentLossAndReorderingAndDuplicates(long seed) throws Exception {
        pair = new HandshakePair(PATIENT);
        FakePacketLink link = FakePacketLink.impaired(seed, 0.10, 0.10, 0.05);

        CompletableFuture<DtlsSession> server = pair.startServer(link.b());
        CompletableFuture<DtlsSession> client = pair.startClient(link.a());

        DtlsSession[] sessions = HandshakePair.awaitBoth(client, server, Duration.ofSeconds(60));

        byte[] clientKeys = sessions[0].srtp().keyingMaterial();
        byte[] serverKeys = sessions[1].srtp().keyingMaterial();
        assertThat(clientKeys).hasSize(56).isEqualTo(serverKeys);
    }

    @Test
    void lossyLinkReallyDropsDatagrams() throws Exception {
        pair = new HandshakePair(PATIENT);
        FakePacketLink link = FakePacketLink.impaired(7, 0.5, 0, 0);

        for (int i = 0; i < 100; i++) {
            link.a().send(new byte[] {22}, 0, 1);
        }

        assertThat(link.a().dropped()).isBetween(30, 70);
    }

    @Test
    void nonDtlsDatagramsBeforeAndDuringTheHandshakeAreDroppedAndCounted() throws Exception {
        pair = new HandshakePair(PATIENT);
        FakePacketLink link = FakePacketLink.perfect();
        Random random = new Random(42);
        int before = 20;
        for (int i = 0; i < before; i++) {
            link.b().inject(nonDtlsDatagram(random));
        }
        GarbageBeforeEachSend clientSide = new GarbageBeforeEachSend(link.a(), link.b(), () -> nonDtlsDatagram(random));

        CompletableFuture<DtlsSession> serverFuture = pair.startServer(link.b());
        CompletableFuture<DtlsSession> clientFuture = pair.startClient(clientSide);

        DtlsSession[] sessions = HandshakePair.awaitBoth(clientFuture, serverFuture, Duration.ofSeconds(60));
        DtlsSession client = sessions[0];
        DtlsSession server = sessions[1];
        drain(server);

        assertThat(server.srtp().keyingMaterial()).isEqualTo(client.srtp().keyingMaterial());
        assertThat(clientSide.injected()).isPositive();
        assertThat(server.nonDtlsDatagramsDropped())
                .as("every junk datagram the server read was dropped and counted")
                .isEqualTo(before + clientSide.injected());
    }

    @Test
    void junkThatLooksLikeDtlsRecordsIsIgnoredByTheRecordLayer() throws Exception {
        pair = new HandshakePair(PATIENT);
        FakePacketLink link = FakePacketLink.perfect();
        Random random = new Random(43);
        for (int i = 0; i < 20; i++) {
            link.b().inject(dtlsLookingJunk(random));
        }
        GarbageBeforeEachSend clientSide = new GarbageBeforeEachSend(link.a(), link.b(), () -> dtlsLookingJunk(random));

        CompletableFuture<DtlsSession> serverFuture = pair.startServer(link.b());
        CompletableFuture<DtlsSession> clientFuture = pair.startClient(clientSide);

        DtlsSession[] sessions = HandshakePair.awaitBoth(clientFuture, serverFuture, Duration.ofSeconds(60));
        DtlsSession client = sessions[0];
        DtlsSession server = sessions[1];
        drain(server);

        assertThat(server.srtp().keyingMaterial()).isEqualTo(client.srtp().keyingMaterial());
        assertThat(clientSide.injected()).isPositive();
        assertThat(server.nonDtlsDatagramsDropped()).as("these pass the first-byte filter").isZero();
        assertThat(server.datagramsReceived()).as("the junk did reach the record layer")
                .isGreaterThanOrEqualTo(20 + clientSide.injected());
    }

    @Test
    void junkArrivingAfterTheHandshakeDoesNotDisturbApplicationData() throws Exception {
        pair = new HandshakePair(PATIENT);
        FakePacketLink link = FakePacketLink.perfect();
        CompletableFuture<DtlsSession> serverFuture = pair.startServer(link.b());
        CompletableFuture<DtlsSession> clientFuture = pair.startClient(link.a());
        DtlsSession[] sessions = HandshakePair.awaitBoth(clientFuture, serverFuture, Duration.ofSeconds(60));
        Random random = new Random(44);
        for (int i = 0; i < 10; i++) {
            link.b().inject(nonDtlsDatagram(random));
            link.b().inject(dtlsLookingJunk(random));
        }

        byte[] payload = {1, 2, 3, 4};
        sessions[0].send(payload, 0, payload.length);
        byte[] buffer = new byte[2048];
        int length = sessions[1].receive(buffer, 0, buffer.length, 5_000);

        assertThat(length).isEqualTo(4);
        assertThat(java.util.Arrays.copyOf(buffer, length)).containsExactly(1, 2, 3, 4);
        assertThat(sessions[1].nonDtlsDatagramsDropped()).isEqualTo(10);
    }

    /** Reads until the link is quiet, so every queued datagram has passed through the session. */
    private static void drain(DtlsSession session) throws DtlsException {
        byte[] buffer = new byte[2048];
        for (int i = 0; i < 1_000 && session.receive(buffer, 0, buffer.length, 100) >= 0; i++) {
            // application data is not expected here; keep reading until a timeout
        }
    }

    /** A datagram whose first byte is outside 20..63: RTP/RTCP (128..191), STUN (0..3), or other. */
    private static byte[] nonDtlsDatagram(Random random) {
        byte[] datagram = new byte[1 + random.nextInt(200)];
        random.nextBytes(datagram);
        int[] firstBytes = {0x00, 0x01, 0x80, 0x90, 0xBF, 0x40, 0xFF, 19};
        datagram[0] = (byte) firstBytes[random.nextInt(firstBytes.length)];
        return datagram;
    }

    /** Random bytes behind a DTLS 1.2 record header of content type handshake or application data. */
    private static byte[] dtlsLookingJunk(Random random) {
        byte[] datagram = new byte[13 + random.nextInt(200)];
        random.nextBytes(datagram);
        datagram[0] = (byte) (random.nextBoolean() ? 22 : 23);
        datagram[1] = (byte) 0xFE;
        datagram[2] = (byte) 0xFD;
        return datagram;
    }

    /** Sends a junk datagram to the peer's inbox ahead of every real datagram. */
    private static final class GarbageBeforeEachSend implements PacketTransport {
        private final PacketTransport delegate;
        private final FakePacketLink.End peer;
        private final java.util.function.Supplier<byte[]> junk;
        private final AtomicInteger injected = new AtomicInteger();

        GarbageBeforeEachSend(PacketTransport delegate, FakePacketLink.End peer,
                java.util.function.Supplier<byte[]> junk) {
            this.delegate = delegate;
            this.peer = peer;
            this.junk = junk;
        }

        @Override
        public void send(byte[] buffer, int offset, int length) throws IOException {
            peer.inject(junk.get());
            injected.incrementAndGet();
            delegate.send(buffer, offset, length);
        }

        @Override
        public int receive(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            return delegate.receive(buffer, offset, length, timeoutMillis);
        }

        @Override
        public int mtu() {
            return delegate.mtu();
        }

        int injected() {
            return injected.get();
        }
    }
}

package dev.salle.rtc.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.CoturnProcess;
import dev.salle.testkit.TestCertificates;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TurnClient} over TCP and TLS against a real coturn on loopback, with a test CA. */
class TurnClientStreamCoturnTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonder-land";
    private static final TurnTimeouts QUICK = new TurnTimeouts(Duration.ofMillis(200), 4, Duration.ofSeconds(2));

    @TempDir
    static Path certificates;
    private static TestCertificates tls;
    private static CoturnProcess coturn;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void startCoturn() {
        tls = TestCertificates.create(certificates.resolve("ca"), "Salle TURN test CA");
        coturn = CoturnProcess.startOnLoopbackWithTls(CoturnProcess.Auth.user(USER, PASSWORD), tls);
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private static TurnClient client(String transport, TurnClient.DataListener listener) throws TurnException {
        return switch (transport) {
            case "tcp" -> TurnClient.overTcp(new TurnServer(coturn.address(), USER, PASSWORD), scheduler, QUICK, listener);
            case "tls" -> TurnClient.overTls(new TurnServer(coturn.tlsAddress(), USER, PASSWORD),
                TestCertificates.HOST_NAME, TurnTlsTrust.withExtraAnchor(tls.ca()), scheduler, QUICK, listener);
            default -> throw new IllegalArgumentException(transport);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "tls"})
    void allocatesRelaysBothWaysWithSendAndChannelRefreshesAndCloses(String transport) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        TurnClient client = client(transport,
            (from, data) -> received.add(from.getPort() + ":" + new String(data, StandardCharsets.UTF_8)));
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(client.transport()).isEqualTo(transport.toUpperCase(java.util.Locale.ROOT));
            TurnAllocation allocation = client.allocate();
            assertThat(allocation.relayed().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            peer.setSoTimeout(5000);

            // given a permission, a Send indication reaches the peer and a Data indication comes back
            client.createPermission(peerAddress.getAddress());
            send(client, peerAddress, "indication " + transport);
            assertThat(receive(peer)).isEqualTo("indication " + transport);
            reply(peer, allocation, "data back");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(peerAddress.getPort() + ":data back");

            // then over a channel, with lengths that need padding on the stream (RFC 8656 §12.5)
            client.bindChannel(peerAddress);
            send(client, peerAddress, "odd length");
            assertThat(receive(peer)).isEqualTo("odd length");
            reply(peer, allocation, "channel back, 23 bytes");
            reply(peer, allocation, "and 5");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(peerAddress.getPort() + ":channel back, 23 bytes");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(peerAddress.getPort() + ":and 5");

            assertThat(client.refresh()).isEqualTo(Duration.ofSeconds(600));
            assertThat(client.drops().total()).isZero();
            assertThat(client.lost()).isNotDone();
        } finally {
            long deletesBefore = deletes();
            client.close();
            awaitDeletes(deletesBefore + 1);
        }
        assertThat(client.lost()).as("a close is no loss").isNotDone();
    }

    @Test
    void tlsRefusesACertificateFromAnUnknownCa() throws Exception {
        TestCertificates other = TestCertificates.create(Files.createDirectories(certificates.resolve("other")),
            "Another CA");
        assertThatThrownBy(() -> TurnClient.overTls(new TurnServer(coturn.tlsAddress(), USER, PASSWORD),
                TestCertificates.HOST_NAME, TurnTlsTrust.withExtraAnchor(other.ca()), scheduler, QUICK, (p, d) -> { }))
            .isInstanceOfSatisfying(TurnException.class, e -> assertThat(e.kind()).isEqualTo(TurnException.Kind.TLS))
            .hasMessageContaining("TLS handshake with TURN server")
            .hasMessageContaining("chains to a trusted CA");
    }

    @Test
    void tlsRefusesACertificateForAnotherHostName() {
        assertThatThrownBy(() -> TurnClient.overTls(new TurnServer(coturn.tlsAddress(), USER, PASSWORD),
                "elsewhere.salle.test", TurnTlsTrust.withExtraAnchor(tls.ca()), scheduler, QUICK, (p, d) -> { }))
            .isInstanceOfSatisfying(TurnException.class, e -> assertThat(e.kind()).isEqualTo(TurnException.Kind.TLS))
            .hasMessageContaining("as elsewhere.salle.test failed")
            .hasMessageContaining("names elsewhere.salle.test");
    }

    @Test
    void tlsWithOnlyTheSystemTrustStoreRefusesTheTestCa() {
        assertThatThrownBy(() -> TurnClient.overTls(new TurnServer(coturn.tlsAddress(), USER, PASSWORD),
                TestCertificates.HOST_NAME, TurnTlsTrust.SYSTEM, scheduler, QUICK, (p, d) -> { }))
            .isInstanceOfSatisfying(TurnException.class, e -> assertThat(e.kind()).isEqualTo(TurnException.Kind.TLS));
    }

    private static void send(TurnClient client, InetSocketAddress peer, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.send(peer, bytes, 0, bytes.length);
    }

    private static String receive(DatagramSocket peer) throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        peer.receive(in);
        return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
    }

    private static void reply(DatagramSocket peer, TurnAllocation allocation, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        peer.send(new DatagramPacket(bytes, bytes.length, allocation.relayed()));
    }

    /** coturn's (verbose) log lines for a Refresh with lifetime 0: an allocation deleted. */
    private static long deletes() {
        return coturn.log().lines().filter(l -> l.contains("refreshed") && l.contains("lifetime=0")).count();
    }

    private static void awaitDeletes(long expected) throws InterruptedException {
        for (int i = 0; i < 100 && deletes() < expected; i++) {
            Thread.sleep(50);
        }
        assertThat(deletes()).as("allocations deleted by a lifetime-0 Refresh").isEqualTo(expected);
    }
}

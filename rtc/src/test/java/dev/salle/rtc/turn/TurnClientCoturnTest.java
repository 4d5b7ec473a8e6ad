package dev.salle.rtc.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.testkit.CoturnProcess;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TurnClient} against a real coturn on loopback. */
class TurnClientCoturnTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonder-land";
    private static final TurnTimeouts QUICK = new TurnTimeouts(Duration.ofMillis(200), 4, Duration.ofSeconds(2));

    private static CoturnProcess coturn;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void startCoturn() {
        coturn = CoturnProcess.startOnLoopback(CoturnProcess.Auth.user(USER, PASSWORD));
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

    private static TurnClient client(String password, TurnClient.DataListener listener) throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        return new TurnClient(new TurnServer(coturn.address(), USER, password), socket, scheduler, QUICK, listener);
    }

    @Test
    void allocatesAndRelaysADatagramToAPeerAndBack() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                TurnClient client = client(PASSWORD,
                    (from, data) -> received.add(from.getPort() + ":" + new String(data, StandardCharsets.UTF_8)))) {
            TurnAllocation allocation = client.allocate();
            assertThat(allocation.relayed().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(allocation.relayed().getPort()).isBetween(49152, 49999);
            assertThat(allocation.lifetime()).isPositive();

            client.createPermission(peer.getLocalAddress());
            byte[] hello = "hello through the relay".getBytes(StandardCharsets.UTF_8);
            client.send((InetSocketAddress) peer.getLocalSocketAddress(), hello, 0, hello.length);

            peer.setSoTimeout(5000);
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            peer.receive(in);
            assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8))
                .isEqualTo("hello through the relay");
            assertThat(in.getSocketAddress()).as("the peer sees the relayed address").isEqualTo(allocation.relayed());

            byte[] reply = "and back".getBytes(StandardCharsets.UTF_8);
            peer.send(new DatagramPacket(reply, reply.length, allocation.relayed()));
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(peer.getLocalPort() + ":and back");
            assertThat(client.drops().total()).isZero();
        }
    }

    @Test
    void aBoundChannelCarriesDatagramsBothWays() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                TurnClient client = client(PASSWORD,
                    (from, data) -> received.add(from.getPort() + ":" + new String(data, StandardCharsets.UTF_8)))) {
            TurnAllocation allocation = client.allocate();
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            client.bindChannel(peerAddress);
            assertThat(client.channelOf(peerAddress)).hasValue(TurnClient.FIRST_CHANNEL);
            assertThat(client.hasPermission(peerAddress.getAddress())).as("a channel installs a permission").isTrue();

            byte[] hello = "over a channel".getBytes(StandardCharsets.UTF_8);
            client.send(peerAddress, hello, 0, hello.length);
            peer.setSoTimeout(5000);
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            peer.receive(in);
            assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8)).isEqualTo("over a channel");

            byte[] reply = "channel back".getBytes(StandardCharsets.UTF_8);
            peer.send(new DatagramPacket(reply, reply.length, allocation.relayed()));
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(peer.getLocalPort() + ":channel back");
            assertThat(client.drops().total()).isZero();
            assertThat(coturn.log()).contains("CHANNEL_BIND processed, success");
        }
    }

    @Test
    void dataFromAPeerWithoutPermissionDoesNotArrive() throws Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
                TurnClient client = client(PASSWORD, (from, data) -> received.add(data))) {
            TurnAllocation allocation = client.allocate();
            client.createPermission(InetAddress.getByName("127.0.0.1"));
            byte[] probe = {1, 2, 3};
            stranger.send(new DatagramPacket(probe, probe.length, allocation.relayed()));
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void wrongPasswordFailsWithAClearError() throws Exception {
        try (TurnClient client = client("not-the-password", (from, data) -> { })) {
            assertThatThrownBy(client::allocate)
                .isInstanceOfSatisfying(TurnException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TurnException.Kind.WRONG_CREDENTIALS);
                    assertThat(e.errorCode()).hasValue(401);
                })
                .hasMessageContaining("refused user alice in realm salle.test")
                .hasMessageContaining("check the TURN username and password")
                .hasMessageNotContaining("not-the-password");
            assertThat(client.allocation()).isEmpty();
        }
    }

    @Test
    void refreshesTheAllocationAndDeletesItOnClose() throws Exception {
        TurnClient client = client(PASSWORD, (from, data) -> { });
        try {
            client.allocate();
            long refreshesBefore = count("username=<alice>, lifetime=600", "refreshed");
            assertThat(client.refresh()).isEqualTo(Duration.ofSeconds(600));
            awaitLogCount("refreshed", "username=<alice>, lifetime=600", refreshesBefore + 1);
        } finally {
            long deletesBefore = count("refreshed", "username=<alice>, lifetime=0");
            client.close();
            awaitLogCount("refreshed", "username=<alice>, lifetime=0", deletesBefore + 1);
        }
        assertThatThrownBy(() -> client.createPermission(InetAddress.getByName("127.0.0.1")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("it is closed");
    }

    /** Lines of coturn's (verbose) log holding both fragments. */
    private static long count(String a, String b) {
        return coturn.log().lines().filter(l -> l.contains(a) && l.contains(b)).count();
    }

    private static void awaitLogCount(String a, String b, long expected) throws InterruptedException {
        for (int i = 0; i < 100 && count(a, b) < expected; i++) {
            Thread.sleep(50);
        }
        assertThat(count(a, b)).as("coturn log lines with '%s' and '%s'", a, b).isEqualTo(expected);
    }
}

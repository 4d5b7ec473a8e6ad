package dev.salle.rtc.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TurnClient} over TCP against a scripted server that writes bad bytes: every broken stream
 * drops the connection, is counted, and reports the allocation lost, at once.
 */
class TurnClientStreamRejectsBadInputTest {

    private static final TurnTimeouts QUICK = new TurnTimeouts(Duration.ofMillis(200), 4, Duration.ofSeconds(2));

    private ServerSocket listener;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void listen() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(5000);
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        scheduler.shutdownNow();
    }

    private TurnClient connect() throws TurnException {
        TurnServer server = new TurnServer((InetSocketAddress) listener.getLocalSocketAddress(), "alice", "pw");
        return TurnClient.overTcp(server, scheduler, QUICK, (peer, data) -> { });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ChannelData longer than a datagram, 4000ffff00000000, OVERSIZED",
        "a byte that starts neither STUN nor ChannelData, 80e0000100000000, MALFORMED",
        "a reserved channel number, 5000000400000000, MALFORMED",
        "STUN length not a multiple of 4, 0101000a2112a442, MALFORMED",
        "STUN without the magic cookie, 0101000000000000000000000000000000000000, MALFORMED",
        "STUN cut off by the end of the stream, 010100642112a442000000000000000000000000cafe, TRUNCATED",
        "ChannelData cut off by the end of the stream, 40000010aabb, TRUNCATED"
    })
    void aBrokenStreamDropsTheConnectionAndIsCounted(String what, String hex, TurnDropReason reason) throws Exception {
        try (TurnClient client = connect(); Socket server = listener.accept()) {
            OutputStream out = server.getOutputStream();
            out.write(HexFormat.of().parseHex(hex));
            out.flush();
            server.shutdownOutput();

            String why = client.lost().get(5, TimeUnit.SECONDS);
            assertThat(why).contains(reason.name());
            assertThat(client.drops().count(reason)).isEqualTo(1);
            assertThat(client.drops().total()).isEqualTo(1);
            assertThat(server.getInputStream().read()).as("the client closed its end").isEqualTo(-1);
        }
    }

    @Test
    void aCleanCloseBetweenMessagesIsALossButNoDrop() throws Exception {
        try (TurnClient client = connect()) {
            listener.accept().close();
            assertThat(client.lost().get(5, TimeUnit.SECONDS)).contains("closed the TCP connection");
            assertThat(client.drops().total()).isZero();
        }
    }

    @Test
    void aRequestInFlightFailsAtOnceWhenTheStreamBreaks() throws Exception {
        try (TurnClient client = connect(); Socket server = listener.accept()) {
            CompletableFuture<Throwable> allocate = CompletableFuture.supplyAsync(() -> {
                try {
                    client.allocate();
                    return null;
                } catch (TurnException e) {
                    return e;
                }
            });
            byte[] header = server.getInputStream().readNBytes(20);
            assertThat(header[1]).as("an Allocate request arrived").isEqualTo((byte) 0x03);
            server.getOutputStream().write(HexFormat.of().parseHex("ffffffff"));
            server.getOutputStream().flush();

            Throwable failure = allocate.get(QUICK.lastWait().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(failure).isInstanceOfSatisfying(TurnException.class,
                    e -> assertThat(e.kind()).isEqualTo(TurnException.Kind.IO))
                .hasMessageContaining("connection was lost");
            assertThat(client.drops().count(TurnDropReason.MALFORMED)).isEqualTo(1);
            assertThatThrownBy(() -> client.refresh()).isInstanceOf(IllegalStateException.class);
        }
    }
}

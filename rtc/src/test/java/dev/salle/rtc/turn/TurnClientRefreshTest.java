package dev.salle.rtc.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.stun.StunAttributes;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import dev.salle.testkit.FakeScheduler;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a {@link TurnClient} refreshes its allocation, on a fake clock; and the lifetime-0 Refresh at close. */
class TurnClientRefreshTest {

    private static final TurnTimeouts QUICK = new TurnTimeouts(Duration.ofMillis(300), 3, Duration.ofMillis(600));

    private FakeTurnServer server;
    private final FakeScheduler scheduler = new FakeScheduler();
    private TurnServer turnServer;
    private TurnClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeTurnServer();
        turnServer = new TurnServer(server.address(), "carol", "secret-carol");
        client = new TurnClient(turnServer, new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)), scheduler,
            QUICK, (peer, data) -> { });
    }

    @AfterEach
    void stop() {
        server.close();
        CompletableFuture.runAsync(client::close).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private byte[] key() {
        return turnServer.longTermKey(FakeTurnServer.REALM);
    }

    private void allocate() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(() -> {
            try {
                return client.allocate();
            } catch (TurnException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        StunMessage first = server.next();
        server.reply(FakeTurnServer.challenge(first, 401, "n1"));
        server.reply(FakeTurnServer.allocated(server.next(), key()));
        allocation.get(5, TimeUnit.SECONDS);
    }

    @Test
    void theAllocationIsRefreshedAMinuteBeforeItsLifetimeEndsWithTheLifetimeTheServerGrants() throws Exception {
        allocate();
        assertThat(scheduler.requestedDelaysMillis()).containsExactly(540_000L);

        scheduler.advance(Duration.ofSeconds(540));
        StunMessage refresh = server.next();
        assertThat(refresh.method()).isEqualTo(StunMethods.REFRESH);
        refresh.verifyIntegrity(key());
        assertThat(refresh.uint32(StunAttributes.LIFETIME, "LIFETIME")).isEmpty();
        server.reply(new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.REFRESH, refresh.transactionId())
            .uint32(StunAttributes.LIFETIME, 100).build(key(), true));

        for (int i = 0; i < 100 && scheduler.requestedDelaysMillis().size() < 2; i++) {
            Thread.sleep(20);
        }
        assertThat(scheduler.requestedDelaysMillis()).as("a short lifetime is refreshed at half")
            .containsExactly(540_000L, 50_000L);
    }

    @Test
    void closingDeletesTheAllocationWithALifetimeZeroRefresh() throws Exception {
        allocate();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(client::close);
        StunMessage delete = server.next();
        assertThat(delete.method()).isEqualTo(StunMethods.REFRESH);
        delete.verifyIntegrity(key());
        assertThat(delete.uint32(StunAttributes.LIFETIME, "LIFETIME")).hasValue(0);
        server.reply(new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.REFRESH, delete.transactionId())
            .uint32(StunAttributes.LIFETIME, 0).build(key(), true));
        closed.get(5, TimeUnit.SECONDS);
        assertThat(scheduler.pendingTasks()).as("refreshes cancelled").isZero();
    }
}

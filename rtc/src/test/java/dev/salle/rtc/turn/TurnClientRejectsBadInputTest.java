package dev.salle.rtc.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.stun.StunAttributes;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link TurnClient} facing a scripted server: malformed, unauthenticated, forged and unexpected
 * datagrams are dropped, counted, and change nothing.
 */
class TurnClientRejectsBadInputTest {

    private static final String USER = "bob";
    private static final String PASSWORD = "builder";
    private static final TurnTimeouts QUICK = new TurnTimeouts(Duration.ofMillis(300), 3, Duration.ofMillis(600));

    private final List<InetSocketAddress> delivered = new ArrayList<>();
    private FakeTurnServer server;
    private ScheduledExecutorService scheduler;
    private TurnClient client;
    private TurnServer turnServer;

    @BeforeEach
    void start() throws Exception {
        server = new FakeTurnServer();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        turnServer = new TurnServer(server.address(), USER, PASSWORD);
        client = new TurnClient(turnServer, new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)), scheduler,
            QUICK, (peer, data) -> {
                synchronized (delivered) {
                    delivered.add(peer);
                }
            });
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        scheduler.shutdownNow();
    }

    private byte[] key() {
        return turnServer.longTermKey(FakeTurnServer.REALM);
    }

    /** Answers the unauthenticated Allocate with a 401 and returns the authenticated retry. */
    private StunMessage challengeFirstAllocate() throws Exception {
        StunMessage first = server.next();
        assertThat(first.method()).isEqualTo(StunMethods.ALLOCATE);
        assertThat(first.username()).isEmpty();
        server.reply(FakeTurnServer.challenge(first, 401, "nonce-1"));
        StunMessage second = server.next();
        second.verifyIntegrity(key());
        assertThat(second.username()).hasValue(USER);
        assertThat(FakeTurnServer.nonceOf(second)).isEqualTo("nonce-1");
        return second;
    }

    @Test
    void aSuccessSignedWithTheWrongKeyIsDroppedAndTheGenuineOneAccepted() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        StunMessage request = challengeFirstAllocate();

        byte[] forged = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.ALLOCATE, request.transactionId())
            .xorAddress(StunAttributes.XOR_RELAYED_ADDRESS, new InetSocketAddress("127.0.0.9", 9))
            .uint32(StunAttributes.LIFETIME, 600)
            .build(new byte[16], true);
        server.reply(forged);
        byte[] unsigned = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.ALLOCATE, request.transactionId())
            .xorAddress(StunAttributes.XOR_RELAYED_ADDRESS, new InetSocketAddress("127.0.0.9", 9))
            .build();
        server.reply(unsigned);
        byte[] wrongMethod = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.REFRESH, request.transactionId())
            .uint32(StunAttributes.LIFETIME, 600).build(key(), true);
        server.reply(wrongMethod);
        server.reply(FakeTurnServer.allocated(request, key()));

        assertThat(allocation.get(5, TimeUnit.SECONDS).relayed()).isEqualTo(FakeTurnServer.RELAYED);
        assertThat(client.drops().count(TurnDropReason.BAD_INTEGRITY)).isEqualTo(1);
        assertThat(client.drops().count(TurnDropReason.UNAUTHENTICATED)).isEqualTo(1);
        assertThat(client.drops().count(TurnDropReason.WRONG_METHOD)).isEqualTo(1);
    }

    @Test
    void onlyForgedAnswersEndInATimeoutNotAnAllocation() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        StunMessage request = challengeFirstAllocate();
        byte[] forged = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.ALLOCATE, request.transactionId())
            .xorAddress(StunAttributes.XOR_RELAYED_ADDRESS, new InetSocketAddress("127.0.0.9", 9))
            .build("not the key".getBytes(), true);
        server.reply(forged);

        assertThatThrownBy(() -> allocation.get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOfSatisfying(TurnException.class,
                e -> assertThat(e.kind()).isEqualTo(TurnException.Kind.TIMEOUT))
            .hasMessageContaining("no valid response");
        assertThat(client.allocation()).isEmpty();
        assertThat(client.drops().count(TurnDropReason.BAD_INTEGRITY)).isEqualTo(1);
    }

    @Test
    void aStaleNonceIsRetriedOnceWithTheNewNonceThenRefused() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        StunMessage request = challengeFirstAllocate();
        server.reply(FakeTurnServer.challenge(request, 438, "nonce-2"));
        StunMessage retry = server.next();
        retry.verifyIntegrity(key());
        assertThat(FakeTurnServer.nonceOf(retry)).isEqualTo("nonce-2");
        server.reply(FakeTurnServer.challenge(retry, 438, "nonce-3"));

        assertThatThrownBy(() -> allocation.get(5, TimeUnit.SECONDS))
            .cause().isInstanceOfSatisfying(TurnException.class, e -> {
                assertThat(e.kind()).isEqualTo(TurnException.Kind.ERROR_RESPONSE);
                assertThat(e.errorCode()).hasValue(438);
            });
    }

    @Test
    void aStaleNonceThenSuccessAllocates() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        StunMessage request = challengeFirstAllocate();
        server.reply(FakeTurnServer.challenge(request, 438, "nonce-2"));
        StunMessage retry = server.next();
        server.reply(FakeTurnServer.allocated(retry, key()));
        assertThat(allocation.get(5, TimeUnit.SECONDS).lifetime()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void garbageStrangersRequestsAndUnpermittedDataChangeNothing() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        server.reply(FakeTurnServer.allocated(challengeFirstAllocate(), key()));
        allocation.get(5, TimeUnit.SECONDS);
        InetSocketAddress from = server.address();
        InetSocketAddress peer = new InetSocketAddress("127.0.0.5", 7000);

        client.handle(from, new byte[] {1, 2, 3}, 3);
        client.handle(new InetSocketAddress("127.0.0.1", 1), dataIndication(peer), dataIndication(peer).length);
        byte[] request = new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING, new byte[12]).build();
        client.handle(from, request, request.length);
        byte[] unknownTx = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.REFRESH, new byte[12]).build();
        client.handle(from, unknownTx, unknownTx.length);
        client.handle(from, dataIndication(peer), dataIndication(peer).length);
        byte[] channelData = {0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4};
        client.handle(from, channelData, channelData.length);
        byte[] sendIndication = new StunMessageBuilder(StunClass.INDICATION, StunMethods.SEND, new byte[12]).build();
        client.handle(from, sendIndication, sendIndication.length);

        assertThat(client.drops().snapshot()).containsEntry(TurnDropReason.MALFORMED, 1L)
            .containsEntry(TurnDropReason.NOT_FROM_SERVER, 1L)
            .containsEntry(TurnDropReason.UNEXPECTED, 2L)
            .containsEntry(TurnDropReason.UNKNOWN_TRANSACTION, 1L)
            .containsEntry(TurnDropReason.NO_PERMISSION, 1L)
            .containsEntry(TurnDropReason.UNKNOWN_CHANNEL, 1L);
        synchronized (delivered) {
            assertThat(delivered).isEmpty();
        }
        assertThat(client.hasPermission(peer.getAddress())).isFalse();
        assertThat(client.allocation().orElseThrow().relayed()).isEqualTo(FakeTurnServer.RELAYED);
    }

    @Test
    void mutatedDataIndicationsNeverThrowNorDeliverFromOtherPeers() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        server.reply(FakeTurnServer.allocated(challengeFirstAllocate(), key()));
        allocation.get(5, TimeUnit.SECONDS);
        InetSocketAddress peer = new InetSocketAddress("127.0.0.5", 7000);
        byte[] valid = dataIndication(peer);
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            client.handle(server.address(), mutated, random.nextInt(mutated.length + 1));
        }
        synchronized (delivered) {
            assertThat(delivered).isEmpty();
        }
        assertThat(client.drops().total()).isEqualTo(5000);
    }

    @Test
    void dataFromAPermittedPeerIsDelivered() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        server.reply(FakeTurnServer.allocated(challengeFirstAllocate(), key()));
        allocation.get(5, TimeUnit.SECONDS);
        InetSocketAddress peer = new InetSocketAddress("127.0.0.5", 7000);
        CompletableFuture<Void> permitted = CompletableFuture.runAsync(() -> {
            try {
                client.createPermission(peer.getAddress());
            } catch (TurnException e) {
                throw new IllegalStateException(e);
            }
        });
        StunMessage create = server.next();
        assertThat(create.method()).isEqualTo(StunMethods.CREATE_PERMISSION);
        assertThat(create.xorAddress(StunAttributes.XOR_PEER_ADDRESS, "XOR-PEER-ADDRESS").orElseThrow().getAddress())
            .isEqualTo(InetAddress.getByName("127.0.0.5"));
        server.reply(new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.CREATE_PERMISSION,
            create.transactionId()).build(key(), true));
        permitted.get(5, TimeUnit.SECONDS);

        client.handle(server.address(), dataIndication(peer), dataIndication(peer).length);
        synchronized (delivered) {
            assertThat(delivered).containsExactly(peer);
        }
    }

    @Test
    void channelDataIsDeliveredOnlyOnABoundChannelWithASaneLength() throws Exception {
        CompletableFuture<TurnAllocation> allocation = CompletableFuture.supplyAsync(this::allocateUnchecked);
        server.reply(FakeTurnServer.allocated(challengeFirstAllocate(), key()));
        allocation.get(5, TimeUnit.SECONDS);
        InetSocketAddress peer = new InetSocketAddress("127.0.0.5", 7000);
        CompletableFuture<Void> bound = CompletableFuture.runAsync(() -> {
            try {
                client.bindChannel(peer);
            } catch (TurnException e) {
                throw new IllegalStateException(e);
            }
        });
        StunMessage bind = server.next();
        assertThat(bind.method()).isEqualTo(StunMethods.CHANNEL_BIND);
        assertThat(bind.attribute(StunAttributes.CHANNEL_NUMBER).orElseThrow()).containsExactly(0x40, 0x00, 0, 0);
        server.reply(new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.CHANNEL_BIND, bind.transactionId())
            .build(key(), true));
        bound.get(5, TimeUnit.SECONDS);

        byte[] tooLong = {0x40, 0x00, 0x00, 0x09, 1, 2, 3, 4};
        client.handle(server.address(), tooLong, tooLong.length);
        byte[] otherChannel = {0x40, 0x01, 0x00, 0x01, 1};
        client.handle(server.address(), otherChannel, otherChannel.length);
        byte[] truncated = {0x40, 0x00, 0x00};
        client.handle(server.address(), truncated, truncated.length);
        byte[] padded = {0x40, 0x00, 0x00, 0x02, 7, 8, 0, 0};
        client.handle(server.address(), padded, padded.length);

        assertThat(client.drops().count(TurnDropReason.MALFORMED)).isEqualTo(2);
        assertThat(client.drops().count(TurnDropReason.UNKNOWN_CHANNEL)).isEqualTo(1);
        synchronized (delivered) {
            assertThat(delivered).containsExactly(peer);
        }
    }

    private static byte[] dataIndication(InetSocketAddress peer) {
        return new StunMessageBuilder(StunClass.INDICATION, StunMethods.DATA, new byte[12])
            .xorAddress(StunAttributes.XOR_PEER_ADDRESS, peer)
            .attribute(StunAttributes.DATA, new byte[] {9, 8, 7})
            .build();
    }

    private TurnAllocation allocateUnchecked() {
        try {
            return client.allocate();
        } catch (TurnException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}

package dev.salle.rtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.sctp.internal.Usrsctp;
import dev.salle.testkit.RealDependency;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real usrsctp associations joined by an in-memory link, exchanging DCEP and messages. */
class SctpAssociationTest {

    private static final Duration WAIT = Duration.ofSeconds(RecordingSctpListener.WAIT_SECONDS);

    private final SctpPipe toServer = new SctpPipe("to-server");
    private final SctpPipe toClient = new SctpPipe("to-client");
    private final RecordingSctpListener clientEvents = new RecordingSctpListener();
    private final RecordingSctpListener serverEvents = new RecordingSctpListener();
    private SctpAssociation client;
    private SctpAssociation server;

    @BeforeEach
    void connect() {
        RealDependency.require(Usrsctp.loadProblem().isEmpty(), "libusrsctp (Debian package libusrsctp2)");
        SctpConfig config = SctpConfig.defaults().withMaxChannels(4);
        client = new SctpAssociation(toServer, 5000, 5000, true, config, clientEvents);
        server = new SctpAssociation(toClient, 5000, 5000, false, config, serverEvents);
        client.start();
        server.start();
        toServer.deliverTo(server);
        toClient.deliverTo(client);
        assertThat(clientEvents.connected).succeedsWithin(WAIT);
        assertThat(serverEvents.connected).succeedsWithin(WAIT);
    }

    @AfterEach
    void close() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        toServer.close();
        toClient.close();
    }

    @Test
    void channelOpenedByTheClientIsAcknowledgedAndCarriesStringsAndBinaryBothWays() throws Exception {
        DataChannel ours = client.openChannel("chat", "json", ChannelReliability.reliable());
        assertThat(clientEvents.takeOpened()).isSameAs(ours);
        DataChannel theirs = serverEvents.takeOpened();

        assertThat(ours.streamId()).isEven();
        assertThat(theirs.streamId()).isEqualTo(ours.streamId());
        assertThat(theirs.label()).isEqualTo("chat");
        assertThat(theirs.protocol()).isEqualTo("json");
        assertThat(theirs.origin()).isEqualTo(DataChannel.Origin.REMOTE);

        assertThat(ours.send("hello server")).isTrue();
        RecordingSctpListener.Message atServer = serverEvents.takeMessage();
        assertThat(new String(atServer.data(), StandardCharsets.UTF_8)).isEqualTo("hello server");
        assertThat(atServer.binary()).isFalse();

        assertThat(theirs.send(new byte[] {1, 2, 3})).isTrue();
        RecordingSctpListener.Message atClient = clientEvents.takeMessage();
        assertThat(atClient.data()).containsExactly(1, 2, 3);
        assertThat(atClient.binary()).isTrue();
        assertThat(atClient.channel()).isSameAs(ours);
        assertThat(client.counters().dcepDroppedTotal()).isZero();
        assertThat(server.counters().dcepDroppedTotal()).isZero();
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheAssociation() throws Exception {
        DataChannel ours = client.openChannel("fragile", "", ChannelReliability.reliable());
        serverEvents.takeOpened();
        serverEvents.throwOnNextMessage = true;

        assertThat(ours.send("boom")).isTrue();
        assertThat(ours.send("after")).isTrue();

        assertThat(new String(serverEvents.takeMessage().data(), StandardCharsets.UTF_8)).isEqualTo("boom");
        assertThat(new String(serverEvents.takeMessage().data(), StandardCharsets.UTF_8)).isEqualTo("after");
        assertThat(server.state()).isEqualTo(SctpAssociation.State.OPEN);
    }

    @Test
    void reliableChannelDeliversEveryMessageInOrderOverALossyLink() throws Exception {
        DataChannel ours = client.openChannel("lossy", "", ChannelReliability.reliable());
        serverEvents.takeOpened();
        toServer.lose(0.1);
        toClient.lose(0.1);

        long sentBefore = client.counters().packetsSent();
        String padding = "x".repeat(1000);
        for (int i = 0; i < 200; i++) {
            assertThat(ours.send(i + ":" + padding)).isTrue();
        }

        for (int i = 0; i < 200; i++) {
            RecordingSctpListener.Message m = serverEvents.messages.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(m).as("message %d within 30 s", i).isNotNull();
            assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo(i + ":" + padding);
        }
        // One message per packet; lost ones went again.
        assertThat(client.counters().packetsSent() - sentBefore).isGreaterThan(200);
    }

    @Test
    void theServerOpensChannelsOnOddStreams() throws Exception {
        DataChannel first = server.openChannel("a", "", ChannelReliability.reliable());
        DataChannel second = server.openChannel("b", "", ChannelReliability.unordered());

        assertThat(first.streamId()).isEqualTo(1);
        assertThat(second.streamId()).isEqualTo(3);
        assertThat(clientEvents.takeOpened().streamId()).isOdd();
        assertThat(clientEvents.takeOpened().reliability()).isEqualTo(ChannelReliability.unordered());
    }

    @Test
    void messagesOf64KiBArriveWholeBothWays() throws Exception {
        DataChannel ours = client.openChannel("bulk", "", ChannelReliability.reliable());
        DataChannel theirs = serverEvents.takeOpened();
        byte[] large = new byte[64 * 1024];
        new Random(7).nextBytes(large);

        assertThat(ours.send(large)).isTrue();
        assertThat(serverEvents.takeMessage().data()).isEqualTo(large);
        assertThat(theirs.send(large)).isTrue();
        assertThat(clientEvents.takeMessage().data()).isEqualTo(large);
    }

    @Test
    void emptyMessagesArriveEmptyWithTheirKind() throws Exception {
        DataChannel ours = client.openChannel("empty", "", ChannelReliability.reliable());
        serverEvents.takeOpened();

        assertThat(ours.send("")).isTrue();
        assertThat(ours.send(new byte[0])).isTrue();

        RecordingSctpListener.Message text = serverEvents.takeMessage();
        RecordingSctpListener.Message binary = serverEvents.takeMessage();
        assertThat(text.data()).isEmpty();
        assertThat(text.binary()).isFalse();
        assertThat(binary.data()).isEmpty();
        assertThat(binary.binary()).isTrue();
    }

    @Test
    void partiallyReliableUnorderedChannelCarriesMessages() throws Exception {
        DataChannel ours = client.openChannel("telemetry", "", ChannelReliability.maxRetransmits(0, false));
        DataChannel theirs = serverEvents.takeOpened();
        assertThat(theirs.reliability()).isEqualTo(ChannelReliability.maxRetransmits(0, false));

        for (int i = 0; i < 5; i++) {
            assertThat(ours.send("sample " + i)).isTrue();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(serverEvents.takeMessage().channel()).isSameAs(theirs);
        }
    }

    @Test
    void aMessageLargerThanThePeersMaxMessageSizeIsRefused() throws Exception {
        client.close();
        toServer.close();
        SctpPipe link = new SctpPipe("small");
        RecordingSctpListener events = new RecordingSctpListener();
        SctpAssociation small = new SctpAssociation(link, 5001, 5001, true,
                SctpConfig.defaults().withMaxOutboundMessageBytes(1024), events);
        try {
            DataChannel channel = small.openChannel("x", "", ChannelReliability.reliable());

            assertThatThrownBy(() -> channel.send("too early"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("CONNECTING");
            channel.state.set(DataChannel.State.OPEN);
            assertThatThrownBy(() -> channel.send(new byte[1025]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1025 bytes").hasMessageContaining("max-message-size of 1024");
            assertThat(small.counters().messagesSent()).isZero();
        } finally {
            small.close();
            link.close();
        }
    }

    @Test
    void closingAChannelResetsItsStreamAndBothSidesSeeItClosed() throws Exception {
        DataChannel ours = client.openChannel("short-lived", "", ChannelReliability.reliable());
        DataChannel theirs = serverEvents.takeOpened();
        clientEvents.takeOpened();
        awaitCount(() -> ours.ackReceived ? 1 : 0, 1);

        ours.close();

        assertThat(serverEvents.takeClosed()).isSameAs(theirs);
        assertThat(clientEvents.takeClosed()).isSameAs(ours);
        assertThat(ours.state()).isEqualTo(DataChannel.State.CLOSED);
        assertThat(server.channels()).isEmpty();
        assertThatThrownBy(() -> ours.send("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOSED");

        DataChannel again = client.openChannel("reused", "", ChannelReliability.reliable());
        assertThat(again.streamId()).isEven();
        assertThat(serverEvents.takeOpened().label()).isEqualTo("reused");
    }

    @Test
    void localChannelLimitIsEnforced() {
        for (int i = 0; i < 4; i++) {
            client.openChannel("c" + i, "", ChannelReliability.reliable());
        }

        assertThatThrownBy(() -> client.openChannel("one too many", "", ChannelReliability.reliable()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("4 data channels");
    }

    @Test
    void peerOpenBeyondTheChannelLimitIsRefusedCountedAndReset() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.openChannel("s" + i, "", ChannelReliability.reliable());
            clientEvents.takeOpened();
        }
        SctpConfig generous = client.config();
        assertThat(generous.maxChannels()).isEqualTo(4);

        // The client has its own four; the server is full, so a fifth from the client is refused.
        byte[] open = DcepCodec.encode(new DcepMessage.Open(ChannelReliability.reliable(), 0, "fifth", ""));
        assertThat(client.sendDcep(8, open)).isTrue();

        awaitCount(() -> server.counters().dcepDropped(DcepException.Reason.TOO_MANY_CHANNELS), 1);
        assertThat(server.channels()).hasSize(4);
        assertThat(server.channel(8)).isEmpty();
    }

    @Test
    void malformedAndUnacceptableDcepMessagesAreCountedByReasonAndChangeNothing() throws Exception {
        DataChannel ours = client.openChannel("kept", "", ChannelReliability.reliable());
        serverEvents.takeOpened();
        int before = server.channels().size();

        client.sendDcep(10, new byte[] {0x03, 0x00});
        client.sendDcep(12, new byte[] {0x07});
        client.sendDcep(1, DcepCodec.encode(new DcepMessage.Open(ChannelReliability.reliable(), 0, "odd", "")));
        client.sendDcep(ours.streamId(), DcepCodec.encode(new DcepMessage.Open(ChannelReliability.reliable(), 0,
                "dup", "")));
        client.sendDcep(14, new byte[] {0x02});

        awaitCount(() -> server.counters().dcepDroppedTotal(), 5);
        SctpCounters c = server.counters();
        assertThat(c.dcepDropped(DcepException.Reason.TRUNCATED)).isEqualTo(1);
        assertThat(c.dcepDropped(DcepException.Reason.UNKNOWN_MESSAGE_TYPE)).isEqualTo(1);
        assertThat(c.dcepDropped(DcepException.Reason.WRONG_STREAM_PARITY)).isEqualTo(1);
        assertThat(c.dcepDropped(DcepException.Reason.STREAM_IN_USE)).isEqualTo(1);
        assertThat(c.dcepDropped(DcepException.Reason.UNEXPECTED_ACK)).isEqualTo(1);
        assertThat(server.channels()).hasSize(before);
        assertThat(serverEvents.opened).isEmpty();
        assertThat(ours.send("still works")).isTrue();
        assertThat(new String(serverEvents.takeMessage().data(), StandardCharsets.UTF_8)).isEqualTo("still works");
    }

    @Test
    void closingAnAssociationAbortsItThePeerReportsFailedAndTheClosingSideGetsNoCallbacks() throws Exception {
        DataChannel ours = client.openChannel("doomed", "", ChannelReliability.reliable());
        serverEvents.takeOpened();
        awaitCount(() -> ours.ackReceived ? 1 : 0, 1);
        clientEvents.takeOpened();
        long sentBefore = client.counters().packetsSent();

        client.close();

        awaitAtLeast(() -> client.counters().packetsSent() - sentBefore, 1);
        assertThat(serverEvents.failed).succeedsWithin(WAIT);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.FAILED);
        assertThat(client.state()).isEqualTo(SctpAssociation.State.CLOSED);
        assertThat(ours.state()).isEqualTo(DataChannel.State.CLOSED);
        assertThat(client.channels()).isEmpty();
        assertThat(clientEvents.channelClosed).isEmpty();
        assertThat(clientEvents.failed).isNotDone();
        assertThatThrownBy(() -> client.openChannel("late", "", ChannelReliability.reliable()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CLOSED");
    }

    private static void awaitAtLeast(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        for (int i = 0; i < 200 && count.getAsLong() < expected; i++) {
            Thread.sleep(50);
        }
        assertThat(count.getAsLong()).isGreaterThanOrEqualTo(expected);
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        for (int i = 0; i < 200 && count.getAsLong() < expected; i++) {
            Thread.sleep(50);
        }
        assertThat(count.getAsLong()).isEqualTo(expected);
    }
}

package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.dtls.SetupRole;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.FakeBrowserPeer.Video;
import dev.salle.rtc.sctp.ChannelReliability;
import dev.salle.rtc.sctp.DataChannel;
import dev.salle.rtc.sctp.RecordingSctpListener;
import dev.salle.rtc.sctp.SctpAssociation;
import dev.salle.rtc.sctp.internal.Usrsctp;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.srtp.SrtpProfile;
import dev.salle.testkit.RealDependency;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data channels between a real PeerConnection and a fake browser running its own
 * SctpAssociation, over real ICE-lite, DTLS and usrsctp on loopback.
 */
class PeerConnectionDataChannelTest {

    private static final long WAIT_SECONDS = 10;
    private static final Duration WAIT = Duration.ofSeconds(WAIT_SECONDS);
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus(), LocalCodec.vp8());

    private final DtlsEndpoint serverDtls =
            new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(), new SecureRandom());
    private final ServerEvents serverEvents = new ServerEvents();
    private final RecordingSctpListener browserEvents = new RecordingSctpListener();
    private ExecutorService executor;
    private UdpMux mux;
    private FakeBrowserPeer browser;
    private PeerConnection server;

    @BeforeEach
    void open() throws Exception {
        RealDependency.require(Usrsctp.loadProblem().isEmpty(), "libusrsctp (Debian package libusrsctp2)");
        executor = Executors.newCachedThreadPool();
        mux = UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
        browser = new FakeBrowserPeer(21);
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (mux != null) {
            mux.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Test
    void browserChannelReachesTheServerAndMessagesFlowBothWays() throws Exception {
        SctpAssociation browserSctp = connectDataOnly();
        DataChannel browserChannel = browserSctp.openChannel("chat", "", ChannelReliability.reliable());

        DataChannel atServer = take(serverEvents.opened);
        assertThat(atServer.label()).isEqualTo("chat");
        assertThat(atServer.streamId()).isEqualTo(browserChannel.streamId()).isEven();
        browserEvents.takeOpened();

        assertThat(browserChannel.send("hello bridge")).isTrue();
        ServerEvents.Message inbound = take(serverEvents.messages);
        assertThat(new String(inbound.data(), StandardCharsets.UTF_8)).isEqualTo("hello bridge");
        assertThat(inbound.binary()).isFalse();

        assertThat(server.sendData(atServer.streamId(), new byte[] {4, 2})).isTrue();
        RecordingSctpListener.Message reply = browserEvents.takeMessage();
        assertThat(reply.binary()).isTrue();
        assertThat(reply.data()).containsExactly(4, 2);
        assertThat(server.sctpCounters()).hasValueSatisfying(c -> assertThat(c.messagesReceived()).isEqualTo(1));
    }

    @Test
    void serverOpensChannelsOnOddStreamsWhenItIsTheDtlsServer() throws Exception {
        connectDataOnly();

        DataChannel ours = server.openDataChannel("room-events", "json", ChannelReliability.unordered());

        assertThat(ours.streamId()).isOdd();
        DataChannel atBrowser = browserEvents.takeOpened();
        assertThat(atBrowser.label()).isEqualTo("room-events");
        assertThat(atBrowser.protocol()).isEqualTo("json");
        assertThat(atBrowser.reliability()).isEqualTo(ChannelReliability.unordered());
        assertThat(take(serverEvents.opened)).isSameAs(ours);
        assertThat(server.sendData(ours.streamId(), "joined")).isTrue();
        RecordingSctpListener.Message joined = browserEvents.takeMessage();
        assertThat(joined.binary()).isFalse();
        assertThat(new String(joined.data(), StandardCharsets.UTF_8)).isEqualTo("joined");
    }

    @Test
    void sendingOnAnUnknownStreamIsRefused() throws Exception {
        connectDataOnly();

        assertThatThrownBy(() -> server.sendData(7, "nobody"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream 7");
    }

    @Test
    void withoutANegotiatedDataSectionThereAreNoDataChannels() throws Exception {
        server = new PeerConnection(mux, serverDtls, PeerConfig.of(CODECS).withSctpPort(5000), executor,
                new Random(5), serverEvents);
        browser.acceptAnswer(server.answer(browser.offer(Video.VP8)));
        browser.connectIce();
        browser.handshake();
        assertThat(serverEvents.connected).succeedsWithin(WAIT);

        assertThat(server.sctpCounters()).isEmpty();
        assertThatThrownBy(() -> server.openDataChannel("x", "", ChannelReliability.reliable()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no SCTP association");
    }

    private SctpAssociation connectDataOnly() throws Exception {
        server = new PeerConnection(mux, serverDtls, PeerConfig.of(CODECS).withSctpPort(5000), executor,
                new Random(3), serverEvents);
        String offer = server.createOffer(List.of());
        server.applyAnswer(browser.answer(offer, SetupRole.ACTIVE));
        browser.connectIce();
        browser.handshake();
        assertThat(serverEvents.connected).succeedsWithin(WAIT);
        SctpAssociation association = browser.startDataChannels(browserEvents);
        assertThat(browserEvents.connected).succeedsWithin(WAIT);
        return association;
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(item).as("event within %d s", WAIT_SECONDS).isNotNull();
        return item;
    }

    private static final class ServerEvents implements PeerConnection.Listener {
        record Message(DataChannel channel, byte[] data, boolean binary) {}

        final CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
        final BlockingQueue<DataChannel> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

        @Override
        public void connected(SrtpProfile profile) {
            connected.complete(profile);
        }

        @Override
        public void dataChannelOpened(DataChannel channel) {
            opened.add(channel);
        }

        @Override
        public void dataMessage(DataChannel channel, byte[] data, boolean binary) {
            messages.add(new Message(channel, data, binary));
        }
    }
}

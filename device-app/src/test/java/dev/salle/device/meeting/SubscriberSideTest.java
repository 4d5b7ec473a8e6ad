package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.FakeCallMedia;
import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConfig;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.peer.SendTrack;
import dev.salle.rtc.sdp.LocalCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The subscriber side against a server's offer of one video: when it asks for key frames, and when a frame decoded. */
class SubscriberSideTest {

    private static final long VIDEO_SSRC = 0x5555_6666L;
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.h264ConstrainedBaseline());

    private final FakeCallMedia media = new FakeCallMedia();
    private ExecutorService executor;
    private UdpMux serverPort;
    private UdpMux clientPort;
    private PeerConnection server;
    private SubscriberSide subscriber;

    @BeforeEach
    void open() throws Exception {
        executor = Executors.newCachedThreadPool();
        serverPort = UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
        clientPort = UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
        server = new PeerConnection(serverPort, dtls(), PeerConfig.of(CODECS), executor, new Random(1),
                new PeerConnection.Listener() { });
        PeerConnection client = new PeerConnection(clientPort, dtls(), PeerConfig.of(CODECS).asClient(), executor,
                new Random(2), new PeerConnection.Listener() { });
        subscriber = new SubscriberSide(client, clientPort, media, 0x1234L, Clock.systemUTC());
        subscriber.answer(server.createOffer(List.of(
                new SendTrack(LocalCodec.h264ConstrainedBaseline(), 102, VIDEO_SSRC, "PA_alice", "TR_cam"))));
    }

    @AfterEach
    void close() {
        subscriber.close();
        server.close();
        serverPort.close();
        executor.shutdownNow();
    }

    @Test
    void theFirstKeyFrameRequestGoesOutWithTheFirstPacketOfANewVideoNotAtTheNextTick() {
        assertThat(subscriber.keyFramesAsked()).isZero();

        subscriber.rtp(rtp(1, VIDEO_SSRC));

        assertThat(subscriber.keyFramesAsked()).as("asked as the packet arrived, no tick yet").isEqualTo(1);
        subscriber.rtp(rtp(2, VIDEO_SSRC));
        assertThat(subscriber.keyFramesAsked()).as("once per new video").isEqualTo(1);
    }

    @Test
    void packetsOfAnUnknownStreamAskForNothing() {
        subscriber.rtp(rtp(1, 0x7777_8888L));

        assertThat(subscriber.keyFramesAsked()).isZero();
        assertThat(subscriber.firstFrameNanos()).isEmpty();
    }

    @Test
    void theFirstFrameIsStampedWhereItWasDecodedNotWhenItIsNextLookedAt() throws Exception {
        assertThat(subscriber.firstFrameNanos()).isEmpty();
        long before = System.nanoTime();

        subscriber.rtp(rtp(1, VIDEO_SSRC)); // the fake decodes a frame per packet
        long after = System.nanoTime();
        Thread.sleep(50);
        subscriber.rtp(rtp(2, VIDEO_SSRC));

        assertThat(subscriber.firstFrameNanos()).isPresent();
        assertThat(subscriber.firstFrameNanos().getAsLong()).isBetween(before, after);
    }

    private static DtlsEndpoint dtls() {
        return new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(), new SecureRandom());
    }

    private static byte[] rtp(int seq, long ssrc) {
        byte[] p = new byte[12 + 20];
        p[0] = (byte) 0x80;
        p[1] = (byte) 102;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        return p;
    }
}

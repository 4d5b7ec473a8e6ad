package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.srtp.SrtpProfile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ICE restarts (RFC 8445 §9) on a connected pair, a full client agent and the lite server, both
 * real {@link PeerConnection}s on loopback: new credentials on both sides, checks again, and the
 * same DTLS association and SRTP keys before and after. Both directions LiveKit uses: the client
 * restarts its publisher connection with an offer; the server restarts the subscriber connection.
 */
class PeerConnectionIceRestartTest {

    private static final long WAIT_SECONDS = 10;
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus(), LocalCodec.h264ConstrainedBaseline());
    private static final SendTrack AUDIO = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");

    private ExecutorService executor;
    private UdpMuxPair muxes;
    private final CountingListener serverSide = new CountingListener();
    private final CountingListener clientSide = new CountingListener();
    private PeerConnection server;
    private PeerConnection client;

    private record UdpMuxPair(dev.salle.rtc.ice.UdpMux server, dev.salle.rtc.ice.UdpMux client) {
    }

    @BeforeEach
    void open() throws Exception {
        executor = Executors.newCachedThreadPool();
        muxes = new UdpMuxPair(
                dev.salle.rtc.ice.UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC()),
                dev.salle.rtc.ice.UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC()));
        server = new PeerConnection(muxes.server(), dtls(), PeerConfig.of(CODECS), executor, new Random(1), serverSide);
        client = new PeerConnection(muxes.client(), dtls(), PeerConfig.of(CODECS).asClient(), executor, new Random(2),
                clientSide);
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
        muxes.client().close();
        muxes.server().close();
        executor.shutdownNow();
    }

    @Test
    void aClientOfferWithNewCredentialsRestartsIceAndMediaGoesOnOverTheSameDtlsSession() throws Exception {
        clientPublishes();
        IceCredentials serverBefore = server.localIceCredentials();
        IceCredentials clientBefore = client.localIceCredentials();

        String restartOffer = client.createOffer(List.of(AUDIO), true);
        String restartAnswer = server.answer(restartOffer);
        client.applyAnswer(restartAnswer);

        assertThat(ufrag(restartOffer)).isNotEqualTo(clientBefore.ufrag()).isEqualTo(client.localIceCredentials().ufrag());
        assertThat(ufrag(restartAnswer)).isNotEqualTo(serverBefore.ufrag()).isEqualTo(server.localIceCredentials().ufrag());
        assertThat(restartAnswer).contains("a=setup:passive");
        awaitRestarted();
        assertThat(server.iceRestarts()).isEqualTo(1);
        assertThat(client.iceRestarts()).isEqualTo(1);
        assertMediaFlowsBothWays(20);
        assertThat(serverSide.connectedCalls.get()).as("no second DTLS handshake").isEqualTo(1);
        assertThat(clientSide.connectedCalls.get()).isEqualTo(1);
    }

    @Test
    void aServerOfferWithNewCredentialsRestartsIceOnTheSubscriberSide() throws Exception {
        SendTrack video = new SendTrack(LocalCodec.h264ConstrainedBaseline(), 102, 0x5555_6666L, "PA_x", "TR_y");
        server.applyAnswer(client.answer(server.createOffer(List.of(video))));
        awaitConnected();
        IceCredentials clientBefore = client.localIceCredentials();

        String restartOffer = server.createOffer(List.of(video), true);
        String restartAnswer = client.answer(restartOffer);
        server.applyAnswer(restartAnswer);

        assertThat(ufrag(restartOffer)).isEqualTo(server.localIceCredentials().ufrag());
        assertThat(ufrag(restartAnswer)).isNotEqualTo(clientBefore.ufrag());
        assertThat(restartAnswer).contains("a=setup:active");
        awaitRestarted();
        assertThat(server.renegotiating()).isFalse();
        byte[] packet = rtp(102, 40, 0x5555_6666L);
        assertThat(server.sendRtp(packet)).isTrue();
        assertThat(clientSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
        assertThat(serverSide.connectedCalls.get()).isEqualTo(1);
    }

    @Test
    void aRestartOfferThatChangesTheFingerprintIsRefusedAndChangesNothing() throws Exception {
        clientPublishes();
        IceCredentials before = server.localIceCredentials();
        String restartOffer = client.createOffer(List.of(AUDIO), true);
        String otherCertificate = fingerprintLine(new PeerConnection(muxes.client(), dtls(), PeerConfig.of(CODECS).asClient(),
                executor, new Random(3), new CountingListener()).createOffer(List.of(AUDIO)));
        String forged = restartOffer.replace(fingerprintLine(restartOffer), otherCertificate);

        assertThatThrownBy(() -> server.answer(forged)).isInstanceOfSatisfying(RemoteSdpException.class,
                e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_FINGERPRINT))
                .hasMessageContaining("an ICE restart keeps the DTLS session");

        assertThat(server.localIceCredentials()).isEqualTo(before);
        assertThat(server.iceRestarts()).isZero();
        assertThat(server.state()).isEqualTo(PeerConnection.State.CONNECTED);
    }

    @Test
    void anOfferThatChangesOnlyTheUfragOrOnlyThePasswordIsRefused() throws Exception {
        clientPublishes();
        IceCredentials clientIce = client.localIceCredentials();
        String offer = client.createOffer(List.of(AUDIO));
        String newUfragOnly = offer.replace("a=ice-ufrag:" + clientIce.ufrag(), "a=ice-ufrag:Zz9Zz9Zz");
        String newPwdOnly = offer.replace("a=ice-pwd:" + clientIce.pwd(), "a=ice-pwd:abcdefghijklmnopqrstuvwx");

        assertThatThrownBy(() -> server.answer(newUfragOnly)).isInstanceOfSatisfying(RemoteSdpException.class,
                e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_ICE_CREDENTIALS))
                .hasMessageContaining("ufrag ('Zz9Zz9Zz') but not the password");
        assertThatThrownBy(() -> server.answer(newPwdOnly)).isInstanceOf(RemoteSdpException.class)
                .hasMessageContaining("password but not the ufrag");
        assertThat(server.iceRestarts()).isZero();
        assertMediaFlowsBothWays(30);
    }

    @Test
    void anAnswerThatIgnoresOurRestartIsRefusedAndTheOfferStaysPending() throws Exception {
        SendTrack video = new SendTrack(LocalCodec.h264ConstrainedBaseline(), 102, 0x5555_6666L, "PA_x", "TR_y");
        String first = server.createOffer(List.of(video));
        String firstAnswer = client.answer(first);
        server.applyAnswer(firstAnswer);
        awaitConnected();

        server.createOffer(List.of(video), true);

        assertThatThrownBy(() -> server.applyAnswer(firstAnswer)).isInstanceOfSatisfying(RemoteSdpException.class,
                e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_ICE_CREDENTIALS))
                .hasMessageContaining("our offer restarted ICE");
        assertThat(server.renegotiating()).isTrue();
    }

    @Test
    void anAnswerWithNewCredentialsToAPlainRenegotiationIsRefused() throws Exception {
        SendTrack video = new SendTrack(LocalCodec.h264ConstrainedBaseline(), 102, 0x5555_6666L, "PA_x", "TR_y");
        server.applyAnswer(client.answer(server.createOffer(List.of(video))));
        awaitConnected();
        IceCredentials clientIce = client.localIceCredentials();
        String reoffer = server.createOffer(List.of(video));
        String answer = client.answer(reoffer)
                .replace("a=ice-ufrag:" + clientIce.ufrag(), "a=ice-ufrag:Qq1Qq1Qq")
                .replace("a=ice-pwd:" + clientIce.pwd(), "a=ice-pwd:abcdefghijklmnopqrstuvwx");

        assertThatThrownBy(() -> server.applyAnswer(answer)).isInstanceOf(RemoteSdpException.class)
                .hasMessageContaining("did not restart ICE");
        assertThat(server.iceRestarts()).isZero();
    }

    private void clientPublishes() throws Exception {
        client.applyAnswer(server.answer(client.createOffer(List.of(AUDIO))));
        awaitConnected();
        assertMediaFlowsBothWays(1);
    }

    private void awaitConnected() throws Exception {
        assertThat(clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    }

    private void awaitRestarted() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos();
        while ((client.iceRestartPending() || server.iceRestartPending()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.iceRestartPending()).as("client's restart checked").isFalse();
        assertThat(server.iceRestartPending()).as("server's restart checked").isFalse();
        assertThat(client.state()).isEqualTo(PeerConnection.State.CONNECTED);
        assertThat(server.state()).isEqualTo(PeerConnection.State.CONNECTED);
    }

    private void assertMediaFlowsBothWays(int seq) throws InterruptedException {
        byte[] up = rtp(111, seq, 0x1111_2222L);
        assertThat(client.sendRtp(up)).isTrue();
        assertThat(serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(up);
        byte[] down = rtp(111, seq, 0x3333_4444L);
        assertThat(server.sendRtp(down)).isTrue();
        assertThat(clientSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(down);
    }

    private static String ufrag(String sdp) throws Exception {
        SessionDescription d = SessionDescription.parse(sdp);
        return d.iceUfrag(d.media().get(0)).orElseThrow();
    }

    private static String fingerprintLine(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=fingerprint:")).findFirst().orElseThrow();
    }

    private static DtlsEndpoint dtls() {
        return ClientPeerConnectionTest.dtls();
    }

    private static byte[] rtp(int pt, int seq, long ssrc) {
        return ClientPeerConnectionTest.rtp(pt, seq, ssrc);
    }

    private static final class CountingListener extends PeerConnectionTest.RecordingListener {
        final AtomicInteger connectedCalls = new AtomicInteger();

        @Override
        public void connected(SrtpProfile profile) {
            connectedCalls.incrementAndGet();
            super.connected(profile);
        }
    }
}

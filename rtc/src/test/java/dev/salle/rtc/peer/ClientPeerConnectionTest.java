package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.ice.IceDropReason;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.sdp.SessionDescription;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client side (a room device): a full, controlling ICE agent on its own port against the
 * lite server side on another, both real {@link PeerConnection}s on loopback.
 */
class ClientPeerConnectionTest {

    private static final long WAIT_SECONDS = 10;
    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus(), LocalCodec.h264ConstrainedBaseline());

    private LoopbackPeers peers;

    @BeforeEach
    void open() throws Exception {
        peers = new LoopbackPeers(PeerConfig.of(CODECS).withSctpPort(5000));
    }

    @AfterEach
    void close() {
        peers.close();
    }

    @Test
    void aClientOfferIsAnsweredByTheLiteServerAndMediaFlowsBothWays() throws Exception {
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0x1111_2222L, "device", "TR_mic");
        String offer = peers.client.createOffer(List.of(audio));
        assertThat(SessionDescription.parse(offer).isIceLite()).as("a full agent does not say ice-lite").isFalse();

        peers.client.applyAnswer(peers.server.answer(offer));

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(peers.serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        byte[] packet = rtp(111, 7, 0x1111_2222L);
        assertThat(peers.client.sendRtp(packet)).isTrue();
        assertThat(peers.serverSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
        byte[] back = rtp(111, 9, 0x3333_4444L);
        assertThat(peers.server.sendRtp(back)).isTrue();
        assertThat(peers.clientSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(back);
        assertThat(peers.serverMux.drops().count(IceDropReason.BAD_INTEGRITY)).isZero();
    }

    @Test
    void aSimulcastTrackIsOfferedByRidWithTheStreamIdExtensionsAndNoSsrc() throws Exception {
        SendTrack camera = new SendTrack(LocalCodec.h264ConstrainedBaseline(), 96, 0x1234L, "device", "TR_cam")
                .withSimulcast(List.of("q", "h"));

        String offer = peers.client.createOffer(List.of(camera));

        dev.salle.rtc.sdp.MediaSection video = SessionDescription.parse(offer).media().get(0);
        assertThat(video.rids()).hasSize(2);
        assertThat(video.simulcast()).isPresent();
        assertThat(video.ssrcs()).as("layers are told apart by rid, not by a=ssrc").isEmpty();
        assertThat(offer).contains("a=rid:q send", "a=rid:h send", "a=simulcast:send q;h",
                "a=extmap:" + SendTrack.MID_EXTENSION_ID + " urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:" + SendTrack.RID_EXTENSION_ID + " urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
        assertThatThrownBy(() -> camera.withSimulcast(List.of("q", "q"))).hasMessageContaining("distinct");
    }

    @Test
    void aClientAnswersTheServersOfferActivelyAndConnects() throws Exception {
        SendTrack video = new SendTrack(LocalCodec.h264ConstrainedBaseline(), 102, 0x5555_6666L, "PA_x", "TR_y");
        String offer = peers.server.createOffer(List.of(video));

        String answer = peers.client.answer(offer);
        peers.server.applyAnswer(answer);

        assertThat(answer).contains("a=setup:active").doesNotContain("a=ice-lite");
        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        // the server (DTLS server here) is up once the client's last flight reached it
        assertThat(peers.serverSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        byte[] packet = rtp(102, 1, 0x5555_6666L);
        assertThat(peers.server.sendRtp(packet)).isTrue();
        assertThat(peers.clientSide.rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(packet);
    }

    @Test
    void aTrickledCandidateIsCheckedWhenTheSdpHasNone() throws Exception {
        String offer = peers.server.createOffer(List.of(new SendTrack(LocalCodec.opus(), 111, 1, "PA_a", "TR_b")));
        String withoutCandidates = offer.replaceAll("a=candidate:[^\r\n]*\r\n", "");

        peers.server.applyAnswer(peers.client.answer(withoutCandidates));
        Thread.sleep(300); // a few rounds with nothing to check
        assertThat(peers.clientSide.connected).isNotDone();
        peers.client.addRemoteCandidate(peers.server.localCandidates().get(0));

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void forgedAndUnexpectedResponsesAreCountedAndSelectNothing() throws Exception {
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String offer = peers.server.createOffer(List.of(new SendTrack(LocalCodec.opus(), 111, 1, "PA_a", "TR_b")));
            // point the client at a silent address first, so its checks stay unanswered
            String silent = offer.replaceAll("a=candidate:[^\r\n]*\r\n", "")
                    .replace("a=end-of-candidates", "a=candidate:9 1 udp 1 127.0.0.1 " + attacker.getLocalPort()
                            + " typ host\r\na=end-of-candidates");
            peers.client.answer(silent);
            DatagramPacket check = new DatagramPacket(new byte[1500], 1500);
            attacker.setSoTimeout(5000);
            attacker.receive(check);
            // a success response with the right transaction id but signed with a guessed password
            byte[] forged = new dev.salle.rtc.stun.StunMessageBuilder(dev.salle.rtc.stun.StunClass.SUCCESS_RESPONSE,
                    dev.salle.rtc.stun.StunMethods.BINDING,
                    java.util.Arrays.copyOfRange(check.getData(), 8, 20))
                    .xorMappedAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1))
                    .build(new dev.salle.rtc.ice.IceCredentials("guess", "guessedpasswordguessed").integrityKey(), true);
            attacker.send(new DatagramPacket(forged, forged.length, peers.clientMux.localAddress()));
            byte[] stray = new dev.salle.rtc.stun.StunMessageBuilder(dev.salle.rtc.stun.StunClass.SUCCESS_RESPONSE,
                    dev.salle.rtc.stun.StunMethods.BINDING, new byte[12]).build();
            attacker.send(new DatagramPacket(stray, stray.length, peers.clientMux.localAddress()));

            long deadline = System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos();
            while (peers.clientMux.drops().count(IceDropReason.UNEXPECTED_RESPONSE) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(peers.clientMux.drops().count(IceDropReason.BAD_INTEGRITY)).isEqualTo(1);
            assertThat(peers.clientMux.drops().count(IceDropReason.UNEXPECTED_RESPONSE)).isEqualTo(1);
            assertThat(peers.client.remoteAddress()).isEmpty();
            assertThat(peers.clientSide.connected).isNotDone();
        }
    }

    @Test
    void hostileCandidatesAreIgnored() throws Exception {
        String offer = peers.server.createOffer(List.of(new SendTrack(LocalCodec.opus(), 111, 1, "PA_a", "TR_b")));
        peers.server.applyAnswer(peers.client.answer(offer));
        for (int i = 0; i < 100; i++) {
            peers.client.addRemoteCandidate(new Candidate("x", 1, "udp", 1, "127.0.0." + (i % 250 + 2), 1000 + i, "host",
                    null, null, null, null, Map.of()));
        }
        peers.client.addRemoteCandidate(new Candidate("y", 1, "udp", 1, "evil.example", 1, "host", null, null, null, null,
                Map.of()));
        peers.client.addRemoteCandidate(new Candidate("z", 1, "tcp", 1, "127.0.0.1", 1, "host", null, null, null, null,
                Map.of()));

        assertThat(peers.clientSide.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("the real candidate still wins").isNotNull();
        assertThat(peers.clientMux.outstandingChecks()).isLessThanOrEqualTo(512);
    }

    static DtlsEndpoint dtls() {
        return new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(), new SecureRandom());
    }

    static byte[] rtp(int pt, int seq, long ssrc) {
        byte[] p = new byte[12 + 20];
        p[0] = (byte) 0x80;
        p[1] = (byte) pt;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }
}

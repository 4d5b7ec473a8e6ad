package dev.salle.rtc.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.dtls.DtlsException;
import dev.salle.rtc.dtls.DtlsRole;
import dev.salle.rtc.dtls.SetupRole;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.FakeBrowserPeer.Video;
import dev.salle.rtc.rtcp.PictureLossIndication;
import dev.salle.rtc.rtcp.RtcpParser;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.srtp.SrtpProfile;
import dev.salle.rtc.srtp.SrtpStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real PeerConnection on a real UdpMux against a fake browser, all on loopback. */
class PeerConnectionTest {

    private static final long WAIT_SECONDS = 10;
    private static final List<LocalCodec> CODECS =
            List.of(LocalCodec.opus(), LocalCodec.vp8(), LocalCodec.h264ConstrainedBaseline());

    private final DtlsEndpoint serverDtls =
            new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(), new SecureRandom());
    private final RecordingListener listener = new RecordingListener();
    private ExecutorService executor;
    private UdpMux mux;
    private FakeBrowserPeer browser;
    private PeerConnection server;

    @BeforeEach
    void open() throws Exception {
        executor = Executors.newCachedThreadPool();
        mux = UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
        browser = new FakeBrowserPeer(11);
        server = new PeerConnection(mux, serverDtls, PeerConfig.of(CODECS), executor, new Random(3), listener);
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        browser.close();
        mux.close();
        executor.shutdownNow();
    }

    @Test
    void answerCarriesIceLiteHostCandidateFingerprintAndPassiveSetup() throws Exception {
        String answer = server.answer(browser.offer(Video.VP8));

        SessionDescription sdp = SessionDescription.parse(answer);
        assertThat(sdp.isIceLite()).isTrue();
        assertThat(sdp.bundleMids()).containsExactly("0", "1");
        assertThat(answer).contains("a=candidate:1 1 udp 2130706431 " + mux.localAddress().getAddress().getHostAddress()
                + " " + mux.localAddress().getPort() + " typ host\r\n");
        assertThat(answer).contains("a=end-of-candidates", "a=rtcp-mux", "a=setup:passive",
                "a=ice-ufrag:" + server.localIceCredentials().ufrag(),
                "a=fingerprint:" + serverDtls.localFingerprint().toSdpValue());
        assertThat(mux.sessionCount()).isEqualTo(1);
        assertThat(server.state()).isEqualTo(PeerConnection.State.CONNECTING);
    }

    @Test
    void publishedRtpAndPliReachTheListenerDecryptedWithSequenceNumbersIntact() throws Exception {
        browser.acceptAnswer(server.answer(browser.offer(Video.VP8)));
        browser.connectIce();
        browser.handshake();
        assertThat(listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(browser.role()).isEqualTo(DtlsRole.CLIENT);

        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] packet = FakeBrowserPeer.rtp(FakeBrowserPeer.VP8_PT, 65_500 + i, 90L * i,
                    FakeBrowserPeer.VIDEO_SSRC, ("frame " + i).getBytes(StandardCharsets.US_ASCII));
            sent.add(packet);
            browser.sendRtp(packet);
        }
        byte[] pli = new byte[PictureLossIndication.LENGTH];
        new PictureLossIndication(FakeBrowserPeer.AUDIO_SSRC, 0x5151_5151L).writeTo(pli, 0);
        browser.sendRtcp(pli);

        List<byte[]> received = listener.takeRtp(60);
        byte[] rtcp = listener.rtcp.poll(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(received).hasSize(60);
        for (int i = 0; i < 60; i++) {
            assertThat(received.get(i)).as("packet %d", i).isEqualTo(sent.get(i));
            assertThat(sequenceNumber(received.get(i))).isEqualTo((65_500 + i) & 0xFFFF);
        }
        assertThat(rtcp).isNotNull();
        assertThat(RtcpParser.parse(rtcp)).singleElement()
                .isEqualTo(new PictureLossIndication(FakeBrowserPeer.AUDIO_SSRC, 0x5151_5151L));
        assertThat(server.counters().rtpReceived()).isEqualTo(60);
        assertThat(server.counters().rtcpReceived()).isEqualTo(1);
        assertThat(server.state()).isEqualTo(PeerConnection.State.CONNECTED);
    }

    @Test
    void h264OfferIsAnsweredAndCarriesMedia() throws Exception {
        String answer = server.answer(browser.offer(Video.H264));
        browser.acceptAnswer(answer);
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        byte[] packet = FakeBrowserPeer.rtp(FakeBrowserPeer.H264_PT, 1, 0, FakeBrowserPeer.VIDEO_SSRC, new byte[] {0x65, 1});
        browser.sendRtp(packet);

        assertThat(answer).contains("a=rtpmap:102 H264/90000");
        assertThat(listener.takeRtp(1)).singleElement().isEqualTo(packet);
    }

    @Test
    void subscribedRtpSentByTheServerArrivesDecryptedAtTheBrowser() throws Exception {
        String offer = server.createOffer(List.of(
                new SendTrack(LocalCodec.opus(), 111, 0xAAAA_0001L, "PA_alice", "TR_audio"),
                new SendTrack(LocalCodec.vp8(), 96, 0xAAAA_0002L, "PA_alice", "TR_video")));
        server.applyAnswer(browser.answer(offer, SetupRole.ACTIVE));
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] packet = FakeBrowserPeer.rtp(96, 1000 + i, 3000L * i, 0xAAAA_0002L, new byte[] {(byte) i, 2, 3});
            sent.add(packet);
            assertThat(server.sendRtp(packet)).isTrue();
        }
        List<byte[]> received = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            received.add(browser.pollRtp(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)).orElseThrow());
        }

        SessionDescription sdp = SessionDescription.parse(offer);
        assertThat(sdp.isIceLite()).isTrue();
        assertThat(sdp.bundleMids()).containsExactly("0", "1");
        assertThat(sdp.media()).allSatisfy(m -> {
            assertThat(m.attribute("setup")).contains("actpass");
            assertThat(m.direction().sdpName()).isEqualTo("sendonly");
            assertThat(m.isRtcpMux()).isTrue();
            assertThat(m.isEndOfCandidates()).isTrue();
        });
        assertThat(browser.role()).isEqualTo(DtlsRole.CLIENT);
        assertThat(received).usingElementComparator(Arrays::compare).containsExactlyElementsOf(sent);
        assertThat(server.counters().rtpSent()).isEqualTo(50);
    }

    @Test
    void passiveAnswerMakesTheServerTheDtlsClient() throws Exception {
        String offer = server.createOffer(List.of(new SendTrack(LocalCodec.opus(), 111, 7, "PA_a", "TR_a")));
        server.applyAnswer(browser.answer(offer, SetupRole.PASSIVE));
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        byte[] packet = FakeBrowserPeer.rtp(111, 9, 960, 7, new byte[] {42});
        assertThat(server.sendRtp(packet)).isTrue();

        assertThat(browser.role()).isEqualTo(DtlsRole.SERVER);
        assertThat(browser.pollRtp(TimeUnit.SECONDS.toMillis(WAIT_SECONDS))).hasValueSatisfying(
                p -> assertThat(p).isEqualTo(packet));
    }

    @Test
    void wrongFingerprintInTheOfferFailsWithFingerprintMismatchAndDeliversNoMedia() throws Exception {
        browser.advertisingFingerprint(DtlsCertificate.generate().fingerprint());
        browser.acceptAnswer(server.answer(browser.offer(Video.VP8)));
        browser.connectIce();
        CompletableFuture<Void> browserSide = CompletableFuture.runAsync(() -> {
            try {
                browser.handshake();
            } catch (DtlsException e) {
                throw new CompletionException(e);
            }
        }, executor);

        PeerFailure failure = listener.failed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        browser.sendRaw(FakeBrowserPeer.rtp(96, 1, 0, FakeBrowserPeer.VIDEO_SSRC, new byte[] {1, 2, 3, 4}));

        assertThat(failure.stage()).isEqualTo(PeerFailure.Stage.DTLS);
        assertThat(failure.dtlsReason()).contains(DtlsException.Reason.FINGERPRINT_MISMATCH);
        assertThat(server.state()).isEqualTo(PeerConnection.State.FAILED);
        assertThat(listener.connected).isNotDone();
        awaitCount(() -> server.counters().receivedBeforeSrtp(), 1);
        assertThat(listener.rtp).isEmpty();
        assertThat(browserSide).failsWithin(Duration.ofSeconds(WAIT_SECONDS));
    }

    @Test
    void tamperedSrtpPacketIsCountedAsAuthFailedAndNotDelivered() throws Exception {
        browser.acceptAnswer(server.answer(browser.offer(Video.VP8)));
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        byte[] tampered = browser.protectRtp(FakeBrowserPeer.rtp(96, 1, 0, FakeBrowserPeer.VIDEO_SSRC, new byte[] {1, 2, 3}));
        tampered[13] ^= 0x01;
        browser.sendRaw(tampered);
        byte[] good = FakeBrowserPeer.rtp(96, 2, 0, FakeBrowserPeer.VIDEO_SSRC, new byte[] {4, 5, 6});
        browser.sendRtp(good);

        assertThat(listener.takeRtp(1)).singleElement().isEqualTo(good);
        assertThat(server.counters().unprotectFailures().count(SrtpStatus.AUTH_FAILED)).isEqualTo(1);
        assertThat(server.counters().rtpReceived()).isEqualTo(1);
        assertThat(listener.rtp).isEmpty();
    }

    @Test
    void malformedOfferIsRejectedAsUnparseableAndChangesNothing() {
        assertThatThrownBy(() -> server.answer("v=0\r\nthis is not sdp\r\n"))
                .isInstanceOfSatisfying(RemoteSdpException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.UNPARSEABLE))
                .hasMessageContaining("line");

        assertThat(server.state()).isEqualTo(PeerConnection.State.NEW);
        assertThat(mux.sessionCount()).isZero();
    }

    @Test
    void offerWithoutFingerprintIsRejectedWithBadFingerprint() {
        String offer = browser.offer(Video.VP8).replaceAll("a=fingerprint:[^\r]*\r\n", "");

        assertThatThrownBy(() -> server.answer(offer))
                .isInstanceOfSatisfying(RemoteSdpException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_FINGERPRINT));
        assertThat(mux.sessionCount()).isZero();
    }

    @Test
    void offerWithoutIceCredentialsIsRejectedWithBadIceCredentials() {
        String offer = browser.offer(Video.VP8).replaceAll("a=ice-pwd:[^\r]*\r\n", "");

        assertThatThrownBy(() -> server.answer(offer))
                .isInstanceOfSatisfying(RemoteSdpException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_ICE_CREDENTIALS));
    }

    @Test
    void answerWithActpassSetupIsRejectedWithBadSetupAndTheOfferStillStands() throws Exception {
        String offer = server.createOffer(List.of(new SendTrack(LocalCodec.opus(), 111, 7, "PA_a", "TR_a")));
        String answer = browser.answer(offer, SetupRole.ACTIVE).replace("a=setup:active", "a=setup:actpass");

        assertThatThrownBy(() -> server.applyAnswer(answer))
                .isInstanceOfSatisfying(RemoteSdpException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_SETUP));
        assertThat(server.state()).isEqualTo(PeerConnection.State.HAVE_LOCAL_OFFER);
    }

    @Test
    void offerSharingNoCodecIsRejectedWithNoUsableSection() {
        String offer = browser.offer(Video.VP8).replace("opus/48000/2", "PCMU/8000").replace("VP8/90000", "VP9/90000");

        assertThatThrownBy(() -> server.answer(offer))
                .isInstanceOfSatisfying(RemoteSdpException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.NO_USABLE_SECTION));
        assertThat(mux.sessionCount()).isZero();
    }

    @Test
    void closeLeavesTheMuxStopsSendingAndReportsNoFailure() throws Exception {
        browser.acceptAnswer(server.answer(browser.offer(Video.VP8)));
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        server.close();

        assertThat(server.state()).isEqualTo(PeerConnection.State.CLOSED);
        assertThat(mux.sessionCount()).isZero();
        assertThat(server.sendRtp(FakeBrowserPeer.rtp(96, 1, 0, 1, new byte[1]))).isFalse();
        assertThat(listener.failed).isNotDone();
    }

    @Test
    void noIceCheckFailsAtTheIceStageAfterTheTimeout() throws Exception {
        PeerConnection quiet = new PeerConnection(mux, serverDtls,
                PeerConfig.of(CODECS).withIceTimeout(Duration.ofMillis(200)), executor, new Random(5), listener);
        try {
            quiet.answer(browser.offer(Video.VP8));

            PeerFailure failure = listener.failed.get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(failure.stage()).isEqualTo(PeerFailure.Stage.ICE);
            assertThat(failure.message()).contains(quiet.localIceCredentials().ufrag());
            assertThat(quiet.state()).isEqualTo(PeerConnection.State.FAILED);
        } finally {
            quiet.close();
        }
    }

    @Test
    void closeDuringTheHandshakeFreesTheExecutorThreadAndReportsNoFailure() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            PeerConnection waiting = new PeerConnection(mux, serverDtls, PeerConfig.of(CODECS), single,
                    new Random(9), listener);
            browser.acceptAnswer(waiting.answer(browser.offer(Video.VP8)));
            browser.connectIce(); // the server now waits for a ClientHello that never comes

            waiting.close();
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> "ran", single);

            assertThat(next).succeedsWithin(Duration.ofSeconds(WAIT_SECONDS)).isEqualTo("ran");
            assertThat(waiting.state()).isEqualTo(PeerConnection.State.CLOSED);
            assertThat(listener.failed).isNotDone();
            assertThat(mux.sessionCount()).isZero();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aSecondOfferOfTheSameClientIsAnsweredWithTheSameCredentialsAndAnotherCertificateIsRefused() throws Exception {
        String first = server.answer(browser.offer(Video.VP8));
        String second = server.answer(browser.offer(Video.VP8));

        assertThat(iceUfrag(second)).isEqualTo(iceUfrag(first));
        assertThat(server.state()).isEqualTo(PeerConnection.State.CONNECTING);
        try (FakeBrowserPeer other = new FakeBrowserPeer(99)) {
            assertThatThrownBy(() -> server.answer(other.offer(Video.VP8)))
                    .isInstanceOfSatisfying(RemoteSdpException.class,
                            e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_FINGERPRINT))
                    .hasMessageContaining("an ICE restart keeps the DTLS session");
        }
        assertThatThrownBy(() -> server.createOffer(List.of(new SendTrack(LocalCodec.opus(), 111, 7, "PA_a", "TR_a"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(mux.sessionCount()).isEqualTo(1);
    }

    private static String iceUfrag(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow();
    }

    @Test
    void replayedSrtpPacketIsCountedAndDeliveredOnce() throws Exception {
        browser.acceptAnswer(server.answer(browser.offer(Video.VP8)));
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        byte[] protectedPacket = browser.protectRtp(FakeBrowserPeer.rtp(96, 5, 0, FakeBrowserPeer.VIDEO_SSRC, new byte[] {9}));
        browser.sendRaw(protectedPacket);
        browser.sendRaw(protectedPacket);
        byte[] marker = FakeBrowserPeer.rtp(96, 6, 0, FakeBrowserPeer.VIDEO_SSRC, new byte[] {10});
        browser.sendRtp(marker);

        assertThat(listener.takeRtp(2)).hasSize(2).last().isEqualTo(marker);
        assertThat(server.counters().unprotectFailures().count(SrtpStatus.REPLAY)).isEqualTo(1);
        assertThat(listener.rtp).isEmpty();
    }

    @Test
    void offerWithOnlyADataChannelSectionConnects() throws Exception {
        PeerConnection dataOnly = new PeerConnection(mux, serverDtls, PeerConfig.of(CODECS).withSctpPort(5000),
                executor, new Random(13), listener);
        try {
            String offer = dataOnly.createOffer(List.of());
            dataOnly.applyAnswer(browser.answer(offer, SetupRole.ACTIVE));
            browser.connectIce();
            browser.handshake();

            assertThat(listener.connected).succeedsWithin(Duration.ofSeconds(WAIT_SECONDS));
            MediaSection data = SessionDescription.parse(offer).media().get(0);
            assertThat(data.kind()).isEqualTo("application");
            assertThat(data.proto()).isEqualTo("UDP/DTLS/SCTP");
            assertThat(data.sctpPort()).contains(5000);
            assertThat(data.isEndOfCandidates()).isTrue();
        } finally {
            dataOnly.close();
        }
    }

    @Test
    void offerWithNeitherTracksNorDataChannelIsRefused() {
        assertThatThrownBy(() -> server.createOffer(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sctpPort");
        assertThat(server.state()).isEqualTo(PeerConnection.State.NEW);
    }

    @Test
    void holdconnOfferIsRejectedWithBadSetup() {
        String offer = browser.offer(Video.VP8).replace("a=setup:actpass", "a=setup:holdconn");

        assertThatThrownBy(() -> server.answer(offer))
                .isInstanceOfSatisfying(RemoteSdpException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteSdpException.Reason.BAD_SETUP));
        assertThat(mux.sessionCount()).isZero();
    }

    private static int sequenceNumber(byte[] rtp) {
        return ByteBuffer.wrap(rtp).getShort(2) & 0xFFFF;
    }

    private static void awaitCount(LongSupplier counter, long atLeast) throws InterruptedException {
        for (int i = 0; i < 200 && counter.getAsLong() < atLeast; i++) {
            Thread.sleep(10);
        }
        assertThat(counter.getAsLong()).isGreaterThanOrEqualTo(atLeast);
    }

    /** Records what the connection reports, for the test thread to wait on. */
    static class RecordingListener implements PeerConnection.Listener {
        final CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
        final CompletableFuture<PeerFailure> failed = new CompletableFuture<>();
        final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();

        @Override
        public void connected(SrtpProfile profile) {
            connected.complete(profile);
        }

        @Override
        public void rtp(byte[] packet) {
            rtp.add(packet);
        }

        @Override
        public void rtcp(byte[] packet) {
            rtcp.add(packet);
        }

        @Override
        public void failed(PeerFailure failure) {
            failed.complete(failure);
        }

        List<byte[]> takeRtp(int n) throws InterruptedException {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] p = rtp.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (p == null) {
                    break;
                }
                out.add(p);
            }
            return out;
        }
    }

    @Test
    void connectedSubscriberConnectionTakesANewTrackWithoutReconnecting() throws Exception {
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0xBBBB_0001L, "PA_alice", "TR_audio");
        SendTrack video = new SendTrack(LocalCodec.vp8(), 96, 0xBBBB_0002L, "PA_bob", "TR_video");
        server.applyAnswer(browser.answer(server.createOffer(List.of(audio)), SetupRole.ACTIVE));
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        String reoffer = server.createOffer(List.of(audio, video));
        assertThat(server.renegotiating()).isTrue();
        server.applyAnswer(browser.answer(reoffer, SetupRole.ACTIVE));

        SessionDescription sdp = SessionDescription.parse(reoffer);
        assertThat(sdp.bundleMids()).containsExactly("0", "1");
        assertThat(sdp.origin().sessionVersion()).isEqualTo("3");
        assertThat(server.renegotiating()).isFalse();
        assertThat(server.state()).isEqualTo(PeerConnection.State.CONNECTED);
        byte[] packet = FakeBrowserPeer.rtp(96, 7, 3000, 0xBBBB_0002L, new byte[] {4, 2});
        assertThat(server.sendRtp(packet)).isTrue();
        assertThat(browser.pollRtp(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)).orElseThrow()).isEqualTo(packet);
    }

    @Test
    void reofferMustKeepTheOfferedTracksAndTheAnswerMustKeepRoleAndUfrag() throws Exception {
        SendTrack audio = new SendTrack(LocalCodec.opus(), 111, 0xCCCC_0001L, "PA_alice", "TR_audio");
        SendTrack video = new SendTrack(LocalCodec.vp8(), 96, 0xCCCC_0002L, "PA_bob", "TR_video");
        server.applyAnswer(browser.answer(server.createOffer(List.of(audio, video)), SetupRole.ACTIVE));
        browser.connectIce();
        browser.handshake();
        listener.connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThatThrownBy(() -> server.createOffer(List.of(video))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep the 2 tracks");
        String reoffer = server.createOffer(List.of(audio, video));
        String passive = browser.answer(reoffer, SetupRole.PASSIVE);
        assertThatThrownBy(() -> server.applyAnswer(passive)).isInstanceOf(RemoteSdpException.class)
                .hasMessageContaining("DTLS role");
        String active = browser.answer(reoffer, SetupRole.ACTIVE);
        String otherUfrag = active.replaceAll("a=ice-ufrag:\\S+", "a=ice-ufrag:zzzzzzzz");
        assertThatThrownBy(() -> server.applyAnswer(otherUfrag)).isInstanceOf(RemoteSdpException.class)
                .hasMessageContaining("an ICE restart changes both");
        assertThat(server.renegotiating()).as("refused answers change nothing").isTrue();
        server.applyAnswer(active);
        assertThat(server.renegotiating()).isFalse();
    }
}

package dev.salle.rtc.dtls;

import dev.salle.rtc.srtp.SrtpProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handshakes that must fail, and fail with the specific reason. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsHandshakeFailureTest {

    private static final DtlsConfig FAST = DtlsConfig.defaults()
            .withHandshakeTimeout(Duration.ofSeconds(5))
            .withInitialRetransmitTimeout(Duration.ofMillis(100));

    private static final CertificateFingerprint SOMEONE_ELSE =
            DtlsCertificate.generate().fingerprint();

    private HandshakePair pair;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void clientRejectsServerWhoseCertificateDoesNotMatchTheSdpFingerprint() {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.startServer(link.b());
        CompletableFuture<DtlsSession> client = pair.startClient(link.a(), SOMEONE_ELSE);

        DtlsException clientError = failureOf(client);
        assertThat(clientError.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
        assertThat(clientError.getMessage())
                .contains(pair.server.localFingerprint().toSdpValue())
                .contains(SOMEONE_ELSE.toSdpValue());
        assertThat(failureOf(server).reason()).isEqualTo(DtlsException.Reason.PEER_ALERT);
    }

    @Test
    void serverRejectsClientWhoseCertificateDoesNotMatchTheSdpFingerprint() {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.startServer(link.b(), SOMEONE_ELSE);
        CompletableFuture<DtlsSession> client = pair.startClient(link.a());

        assertThat(failureOf(server).reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
        assertThat(failureOf(client).reason()).isEqualTo(DtlsException.Reason.PEER_ALERT);
    }

    @Test
    void serverRefusesClientThatSendsNoCertificate() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();
        CompletableFuture<DtlsSession> server = pair.startServer(link.b());

        Throwable bareClientError = catchThrowable(() -> new DTLSClientProtocol()
                .connect(new CertificatelessDtlsClient(), new PacketTransportAdapter(link.a())));

        DtlsException serverError = failureOf(server);
        assertThat(serverError.reason()).isEqualTo(DtlsException.Reason.PEER_CERTIFICATE_MISSING);
        assertThat(serverError.getMessage()).contains("no certificate");
        assertThat(bareClientError).isNotNull();
    }

    @Test
    void handshakeFailsWhenTheSidesShareNoSrtpProfile() {
        pair = new HandshakePair(FAST.withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80)),
                FAST.withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM)));
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.startServer(link.b());
        CompletableFuture<DtlsSession> client = pair.startClient(link.a());

        DtlsException serverError = failureOf(server);
        assertThat(serverError.reason()).isEqualTo(DtlsException.Reason.NO_COMMON_SRTP_PROFILE);
        assertThat(serverError.getMessage()).contains("0x0001");
        assertThat(failureOf(client).reason()).isEqualTo(DtlsException.Reason.PEER_ALERT);
    }

    @Test
    void clientRefusesServerThatIgnoresUseSrtp() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();
        DtlsCertificate serverCertificate = DtlsCertificate.generate();
        CompletableFuture<Throwable> plainServer = CompletableFuture.supplyAsync(() -> catchThrowable(
                () -> new DTLSServerProtocol().accept(new SrtpUnawareDtlsServer(serverCertificate),
                        new PacketTransportAdapter(link.b()))), pair.executor);

        CompletableFuture<DtlsSession> client = pair.startClient(link.a(), serverCertificate.fingerprint());

        DtlsException error = failureOf(client);
        assertThat(error.reason()).isEqualTo(DtlsException.Reason.NO_COMMON_SRTP_PROFILE);
        assertThat(error.getMessage()).contains("ignored our use_srtp offer");
        assertThat(plainServer.get(30, TimeUnit.SECONDS)).as("the plain server saw the handshake abort").isNotNull();
    }

    @Test
    void clientTimesOutWithinTheBoundWhenThePeerNeverAnswers() {
        DtlsConfig quick = FAST.withHandshakeTimeout(Duration.ofMillis(500));
        pair = new HandshakePair(quick);
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> client = pair.startClient(link.a());

        DtlsException error = failureOf(client, 5);
        assertThat(error.reason()).isEqualTo(DtlsException.Reason.HANDSHAKE_TIMEOUT);
        assertThat(error.getMessage()).contains("500 ms");
        assertThat(link.a().sent()).as("ClientHello was sent and retransmitted").isGreaterThan(1);
    }

    @Test
    void serverTimesOutWithinTheBoundWhenNoClientHelloArrives() {
        pair = new HandshakePair(FAST.withHandshakeTimeout(Duration.ofMillis(500)));
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.startServer(link.b());

        DtlsException error = failureOf(server, 5);
        assertThat(error.reason()).isEqualTo(DtlsException.Reason.HANDSHAKE_TIMEOUT);
        assertThat(error.getMessage()).contains("as SERVER").contains("500 ms");
    }

    static DtlsException failureOf(CompletableFuture<DtlsSession> future) {
        return failureOf(future, 30);
    }

    static DtlsException failureOf(CompletableFuture<DtlsSession> future, int boundSeconds) {
        Throwable thrown = catchThrowable(() -> future.get(boundSeconds, TimeUnit.SECONDS));
        assertThat(thrown).as("handshake outcome within %d s", boundSeconds)
                .isInstanceOf(ExecutionException.class);
        Throwable cause = thrown.getCause();
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(DtlsException.class);
        return (DtlsException) cause;
    }
}

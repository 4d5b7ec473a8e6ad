package dev.salle.rtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The remote SDP's fingerprint supplied after the handshake has started. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsLateFingerprintTest {

    private static final DtlsConfig CONFIG = DtlsConfig.defaults()
            .withHandshakeTimeout(Duration.ofSeconds(3))
            .withInitialRetransmitTimeout(Duration.ofMillis(100));

    private HandshakePair pair;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void serverWaitsForAFingerprintThatArrivesAfterTheClientHello() throws Exception {
        pair = new HandshakePair(CONFIG);
        FakePacketLink link = FakePacketLink.perfect();
        CompletableFuture<CertificateFingerprint> remoteSdp = new CompletableFuture<>();

        CompletableFuture<DtlsSession> server = pair.server.handshakeAsync(DtlsRole.SERVER, link.b(), remoteSdp,
                pair.executor);
        CompletableFuture<DtlsSession> client = pair.startClient(link.a());
        Thread.sleep(300);
        assertThat(server).as("no session before the peer is checked").isNotDone();
        remoteSdp.complete(pair.client.localFingerprint());

        DtlsSession[] sessions = HandshakePair.awaitBoth(client, server, Duration.ofSeconds(30));
        assertThat(sessions[1].srtp().keyingMaterial()).isEqualTo(sessions[0].srtp().keyingMaterial());
    }

    @Test
    void lateFingerprintThatDoesNotMatchStillFailsWithMismatch() {
        pair = new HandshakePair(CONFIG);
        FakePacketLink link = FakePacketLink.perfect();
        CompletableFuture<CertificateFingerprint> remoteSdp = new CompletableFuture<>();

        CompletableFuture<DtlsSession> server = pair.server.handshakeAsync(DtlsRole.SERVER, link.b(), remoteSdp,
                pair.executor);
        pair.startClient(link.a());
        remoteSdp.completeAsync(() -> DtlsCertificate.generate().fingerprint(),
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

        assertThat(DtlsHandshakeFailureTest.failureOf(server).reason())
                .isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
    }

    @Test
    void fingerprintThatNeverArrivesEndsTheHandshakeAtItsDeadline() {
        pair = new HandshakePair(CONFIG.withHandshakeTimeout(Duration.ofMillis(800)));
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.server.handshakeAsync(DtlsRole.SERVER, link.b(),
                new CompletableFuture<>(), pair.executor);
        pair.startClient(link.a());

        DtlsException error = DtlsHandshakeFailureTest.failureOf(server, 10);
        assertThat(error.reason()).isEqualTo(DtlsException.Reason.HANDSHAKE_TIMEOUT);
        assertThat(error.getMessage()).contains("fingerprint was not supplied");
    }

    @Test
    void failedFingerprintFutureFailsWithRemoteFingerprintUnavailable() {
        pair = new HandshakePair(CONFIG);
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.server.handshakeAsync(DtlsRole.SERVER, link.b(),
                CompletableFuture.failedFuture(new IllegalArgumentException("answer had no a=fingerprint")),
                pair.executor);
        pair.startClient(link.a());

        DtlsException error = DtlsHandshakeFailureTest.failureOf(server);
        assertThat(error.reason()).isEqualTo(DtlsException.Reason.REMOTE_FINGERPRINT_UNAVAILABLE);
        assertThat(error.getMessage()).contains("answer had no a=fingerprint");
    }
}

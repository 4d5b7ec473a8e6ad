package dev.salle.rtc.dtls;

import dev.salle.rtc.srtp.SrtpProfile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real DTLS handshakes between two in-process endpoints over a perfect in-memory link. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsHandshakeTest {

    private static final DtlsConfig FAST = DtlsConfig.defaults()
            .withHandshakeTimeout(Duration.ofSeconds(20))
            .withInitialRetransmitTimeout(Duration.ofMillis(200));

    private HandshakePair pair;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void bothSidesAgreeOnGcmAndIdenticalKeyingMaterialWhenBothOfferIt() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.startServer(link.b());
        CompletableFuture<DtlsSession> client = pair.startClient(link.a());

        DtlsSrtpResult clientResult = client.get(30, TimeUnit.SECONDS).srtp();
        DtlsSrtpResult serverResult = server.get(30, TimeUnit.SECONDS).srtp();
        assertThat(clientResult.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(serverResult.profileId()).isEqualTo(0x0007);
        assertThat(clientResult.keyingMaterial()).hasSize(56).isEqualTo(serverResult.keyingMaterial());
        assertThat(clientResult.role()).isEqualTo(DtlsRole.CLIENT);
        assertThat(serverResult.role()).isEqualTo(DtlsRole.SERVER);
        assertThat(clientResult.peerFingerprint()).isEqualTo(pair.server.localFingerprint());
        assertThat(serverResult.peerFingerprint()).isEqualTo(pair.client.localFingerprint());
    }

    @Test
    void aesCmIsChosenWhenTheClientOffersOnlyAesCm() throws Exception {
        pair = new HandshakePair(FAST.withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80)), FAST);
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.startServer(link.b());
        CompletableFuture<DtlsSession> client = pair.startClient(link.a());

        DtlsSrtpResult clientResult = client.get(30, TimeUnit.SECONDS).srtp();
        DtlsSrtpResult serverResult = server.get(30, TimeUnit.SECONDS).srtp();
        assertThat(serverResult.profileId()).isEqualTo(0x0001);
        assertThat(clientResult.profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(clientResult.keyingMaterial()).hasSize(60).isEqualTo(serverResult.keyingMaterial());
    }

    @Test
    void serverPrefersGcmEvenWhenTheClientListsAesCmFirst() throws Exception {
        DtlsConfig aesCmFirst = FAST.withSrtpProfiles(
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM));
        pair = new HandshakePair(aesCmFirst, FAST);
        FakePacketLink link = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server = pair.startServer(link.b());
        CompletableFuture<DtlsSession> client = pair.startClient(link.a());

        assertThat(client.get(30, TimeUnit.SECONDS).srtp().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(server.get(30, TimeUnit.SECONDS).srtp().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void handshakesOnTheSameEndpointsExportDifferentKeyingMaterial() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink first = FakePacketLink.perfect();
        FakePacketLink second = FakePacketLink.perfect();

        CompletableFuture<DtlsSession> server1 = pair.startServer(first.b());
        DtlsSession client1 = pair.startClient(first.a()).get(30, TimeUnit.SECONDS);
        server1.get(30, TimeUnit.SECONDS);
        CompletableFuture<DtlsSession> server2 = pair.startServer(second.b());
        DtlsSession client2 = pair.startClient(second.a()).get(30, TimeUnit.SECONDS);
        server2.get(30, TimeUnit.SECONDS);

        assertThat(client1.srtp().keyingMaterial()).isNotEqualTo(client2.srtp().keyingMaterial());
    }

    @Test
    void applicationDataRoundTripsInBothDirections() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();
        CompletableFuture<DtlsSession> serverFuture = pair.startServer(link.b());
        DtlsSession client = pair.startClient(link.a()).get(30, TimeUnit.SECONDS);
        DtlsSession server = serverFuture.get(30, TimeUnit.SECONDS);

        byte[] hello = "hello over dtls".getBytes(UTF_8);
        client.send(hello, 0, hello.length);
        byte[] buffer = new byte[2048];
        int length = server.receive(buffer, 0, buffer.length, 5_000);
        assertThat(new String(buffer, 0, length, UTF_8)).isEqualTo("hello over dtls");

        byte[] reply = "and back".getBytes(UTF_8);
        server.send(reply, 0, reply.length);
        length = client.receive(buffer, 0, buffer.length, 5_000);
        assertThat(new String(buffer, 0, length, UTF_8)).isEqualTo("and back");
    }

    @Test
    void receiveReturnsMinusOneWhenNothingArrivesInTime() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();
        CompletableFuture<DtlsSession> serverFuture = pair.startServer(link.b());
        pair.startClient(link.a()).get(30, TimeUnit.SECONDS);
        DtlsSession server = serverFuture.get(30, TimeUnit.SECONDS);

        assertThat(server.receive(new byte[2048], 0, 2048, 50)).isEqualTo(-1);
    }

    @Test
    void closeSendsCloseNotifyThatThePeerSees() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();
        CompletableFuture<DtlsSession> serverFuture = pair.startServer(link.b());
        DtlsSession client = pair.startClient(link.a()).get(30, TimeUnit.SECONDS);
        DtlsSession server = serverFuture.get(30, TimeUnit.SECONDS);

        client.close();
        int received = server.receive(new byte[2048], 0, 2048, 2_000);

        assertThat(received).isEqualTo(-1);
        assertThat(server.peerClosed()).isTrue();
        assertThat(client.peerClosed()).isFalse();
    }

    @Test
    void sendingAfterCloseFailsWithClosed() throws Exception {
        pair = new HandshakePair(FAST);
        FakePacketLink link = FakePacketLink.perfect();
        pair.startServer(link.b());
        DtlsSession client = pair.startClient(link.a()).get(30, TimeUnit.SECONDS);
        client.close();

        DtlsException error = org.assertj.core.api.Assertions.catchThrowableOfType(
                DtlsException.class, () -> client.send(new byte[1], 0, 1));

        assertThat(error.reason()).isEqualTo(DtlsException.Reason.CLOSED);
    }
}

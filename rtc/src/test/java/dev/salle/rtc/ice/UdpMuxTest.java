package dev.salle.rtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.dtls.DtlsRole;
import dev.salle.rtc.dtls.DtlsSession;
import dev.salle.rtc.dtls.PacketTransport;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ICE-lite on one real UDP port on loopback, against a peer that sends real STUN checks. */
class UdpMuxTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final Random random = new Random(7);
    private final IceCredentials server = IceCredentials.random(random);
    private final IceCredentials client = IceCredentials.random(random);
    private UdpMux mux;
    private DatagramChannel peer;

    @BeforeEach
    void open() throws IOException {
        mux = UdpMux.open(LOOPBACK, Clock.systemUTC());
        peer = DatagramChannel.open().bind(LOOPBACK);
        peer.socket().setSoTimeout(2000);
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        mux.close();
    }

    private byte[] check(String username, IceCredentials key, boolean useCandidate) {
        StunMessageBuilder b = new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING,
                StunMessageBuilder.newTransactionId(random)).username(username).priority(1_845_501_695L).iceControlling(42);
        if (useCandidate) {
            b.useCandidate();
        }
        return b.build(key.integrityKey(), true);
    }

    private void send(byte[] datagram) throws IOException {
        peer.send(ByteBuffer.wrap(datagram), mux.localAddress());
    }

    private Optional<byte[]> receive(int timeoutMillis) throws IOException {
        peer.socket().setSoTimeout(timeoutMillis);
        byte[] buf = new byte[1500];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        try {
            peer.socket().receive(p);
            return Optional.of(Arrays.copyOf(buf, p.getLength()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    @Test
    void asksForAReceiveBufferLargerThanTheDefault() throws IOException {
        try (DatagramChannel plain = DatagramChannel.open()) {
            int defaultSize = plain.getOption(java.net.StandardSocketOptions.SO_RCVBUF);
            // the kernel caps the request at net.core.rmem_max; only where that is above the default can it grow
            int max = Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/core/rmem_max")).trim());
            if (max > defaultSize) {
                assertThat(mux.receiveBufferBytes()).isGreaterThan(defaultSize);
            } else {
                assertThat(mux.receiveBufferBytes()).isGreaterThanOrEqualTo(defaultSize);
            }
        }
    }

    @Test
    void authenticatedCheckIsAnsweredWithTheSourceAddressAndNominatesIt() throws Exception {
        List<InetSocketAddress> nominated = new CopyOnWriteArrayList<>();
        IceLiteSession session = mux.register(server, Optional.of(client.ufrag()), new IceLiteSession.Listener() {
            @Override
            public void nominated(InetSocketAddress address) {
                nominated.add(address);
            }
        });

        send(check(server.ufrag() + ":" + client.ufrag(), server, true));
        StunMessage response = StunMessage.parse(receive(2000).orElseThrow());

        assertThat(response.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        response.verifyIntegrity(server.integrityKey());
        response.verifyFingerprint();
        InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalAddress();
        assertThat(response.xorMappedAddress()).contains(peerAddress);
        assertThat(session.selectedAddress()).contains(peerAddress);
        assertThat(session.nominated()).isTrue();
        assertThat(nominated).containsExactly(peerAddress);
    }

    @Test
    void wrongPasswordGets401AndBindsNothing() throws Exception {
        IceLiteSession session = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});

        send(check(server.ufrag() + ":" + client.ufrag(), client, true));
        StunMessage response = StunMessage.parse(receive(2000).orElseThrow());

        assertThat(response.stunClass()).isEqualTo(StunClass.ERROR_RESPONSE);
        assertThat(response.errorCode().orElseThrow().code()).isEqualTo(401);
        assertThat(session.selectedAddress()).isEmpty();
        assertThat(mux.drops().count(IceDropReason.BAD_INTEGRITY)).isEqualTo(1);
    }

    @Test
    void unknownUfragAndWrongRemoteUfragAreDroppedSilently() throws Exception {
        mux.register(server, Optional.of(client.ufrag()), new IceLiteSession.Listener() {});

        send(check("nobody:" + client.ufrag(), server, false));
        send(check(server.ufrag() + ":intruder", server, false));

        assertThat(receive(300)).isEmpty();
        assertThat(mux.drops().count(IceDropReason.UNKNOWN_UFRAG)).isEqualTo(1);
        assertThat(mux.drops().count(IceDropReason.WRONG_REMOTE_UFRAG)).isEqualTo(1);
    }

    @Test
    void garbageAndMediaFromUncheckedAddressesAreDroppedAndThePortKeepsWorking() throws Exception {
        IceLiteSession session = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        byte[] fakeStun = new byte[40];
        fakeStun[0] = 0x00;
        fakeStun[1] = 0x01;
        send(fakeStun);                                           // STUN-looking, bad cookie
        send(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}); // RTP before any check
        send(new byte[] {22, (byte) 0xfe, (byte) 0xfd});          // DTLS before any check
        send(new byte[] {(byte) 0xff, 1, 2});                     // nothing we know

        send(check(server.ufrag() + ":" + client.ufrag(), server, false));

        assertThat(receive(2000)).isPresent();
        assertThat(mux.drops().count(IceDropReason.MALFORMED_STUN)).isEqualTo(1);
        assertThat(mux.drops().count(IceDropReason.UNKNOWN_SOURCE)).isEqualTo(2);
        assertThat(mux.drops().count(IceDropReason.UNKNOWN_KIND)).isEqualTo(1);
        assertThat(session.selectedAddress()).isPresent();
    }

    @Test
    void mediaFromTheCheckedAddressReachesTheSession() throws Exception {
        List<byte[]> media = new CopyOnWriteArrayList<>();
        mux.register(server, Optional.empty(), new IceLiteSession.Listener() {
            @Override
            public void media(byte[] datagram) {
                media.add(datagram);
            }
        });
        send(check(server.ufrag() + ":" + client.ufrag(), server, true));
        receive(2000).orElseThrow();

        byte[] rtp = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 42};
        send(rtp);

        for (int i = 0; i < 50 && media.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(media).singleElement().isEqualTo(rtp);
    }

    @Test
    void twoSessionsShareThePortAndAreToldApartByUfrag() throws Exception {
        IceCredentials other = IceCredentials.random(random);
        IceLiteSession first = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        IceLiteSession second = mux.register(other, Optional.empty(), new IceLiteSession.Listener() {});

        send(check(other.ufrag() + ":" + client.ufrag(), other, true));
        StunMessage.parse(receive(2000).orElseThrow()).verifyIntegrity(other.integrityKey());

        assertThat(second.selectedAddress()).isPresent();
        assertThat(first.selectedAddress()).isEmpty();
        assertThat(mux.sessionCount()).isEqualTo(2);
    }

    @Test
    void remoteUfragLearntLaterIsEnforcedFromThen() throws Exception {
        IceLiteSession session = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        session.expectRemoteUfrag(client.ufrag());

        send(check(server.ufrag() + ":intruder", server, true));
        assertThat(receive(300)).isEmpty();
        send(check(server.ufrag() + ":" + client.ufrag(), server, true));
        assertThat(receive(2000)).isPresent();

        assertThat(mux.drops().count(IceDropReason.WRONG_REMOTE_UFRAG)).isEqualTo(1);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> session.expectRemoteUfrag("other")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ICE restart");
    }

    @Test
    void afterARestartOnlyTheNewCredentialsAreAnsweredAndTheNextCheckSelectsAgain() throws Exception {
        IceLiteSession session = mux.register(server, Optional.of(client.ufrag()), new IceLiteSession.Listener() {});
        send(check(server.ufrag() + ":" + client.ufrag(), server, true));
        assertThat(receive(2000)).isPresent();
        IceCredentials newServer = IceCredentials.random(random);
        IceCredentials newClient = IceCredentials.random(random);

        mux.restart(session, newServer, Optional.of(newClient.ufrag()));

        assertThat(session.restarting()).isTrue();
        assertThat(session.nominated()).isFalse();
        send(check(server.ufrag() + ":" + client.ufrag(), server, true));
        assertThat(receive(300)).as("the old credentials are forgotten").isEmpty();
        assertThat(mux.drops().count(IceDropReason.UNKNOWN_UFRAG)).isEqualTo(1);
        send(check(newServer.ufrag() + ":" + newClient.ufrag(), newServer, true));
        StunMessage.parse(receive(2000).orElseThrow()).verifyIntegrity(newServer.integrityKey());
        assertThat(session.restarting()).isFalse();
        assertThat(session.nominated()).isTrue();
        assertThat(mux.sessionCount()).isEqualTo(1);
        IceLiteSession other = mux.register(IceCredentials.random(random), Optional.empty(), new IceLiteSession.Listener() {});
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> mux.restart(session, other.localCredentials(),
                Optional.empty()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("already in use");
        assertThat(session.localCredentials()).as("a refused restart changes nothing").isEqualTo(newServer);
    }

    @Test
    void closedSessionNoLongerAnswers() throws Exception {
        IceLiteSession session = mux.register(server, Optional.empty(), new IceLiteSession.Listener() {});
        session.close();

        send(check(server.ufrag() + ":" + client.ufrag(), server, true));

        assertThat(receive(300)).isEmpty();
        assertThat(mux.drops().count(IceDropReason.UNKNOWN_UFRAG)).isEqualTo(1);
    }

    @Test
    void dtlsHandshakeRunsOverTheIceLitePathAndBothSidesExportTheSameKeys() throws Exception {
        IceLiteSession session = mux.register(server, Optional.of(client.ufrag()), new IceLiteSession.Listener() {});
        send(check(server.ufrag() + ":" + client.ufrag(), server, true));
        receive(2000).orElseThrow();

        DtlsCertificate serverCert = DtlsCertificate.generate();
        DtlsCertificate clientCert = DtlsCertificate.generate();
        DtlsEndpoint serverEndpoint = new DtlsEndpoint(serverCert, DtlsConfig.defaults(), new SecureRandom());
        DtlsEndpoint clientEndpoint = new DtlsEndpoint(clientCert, DtlsConfig.defaults(), new SecureRandom());
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<DtlsSession> serverSide = serverEndpoint.handshakeAsync(DtlsRole.SERVER, session,
                    clientCert.fingerprint(), executor);
            CompletableFuture<DtlsSession> clientSide = clientEndpoint.handshakeAsync(DtlsRole.CLIENT,
                    new ChannelTransport(peer, mux.localAddress()), serverCert.fingerprint(), executor);

            DtlsSession s = serverSide.get(20, TimeUnit.SECONDS);
            DtlsSession c = clientSide.get(20, TimeUnit.SECONDS);
            assertThat(s.srtp().profile()).isEqualTo(c.srtp().profile());
            assertThat(s.srtp().keyingMaterial()).isEqualTo(c.srtp().keyingMaterial());
            assertThat(s.srtp().peerFingerprint()).isEqualTo(clientCert.fingerprint());
        } finally {
            executor.shutdownNow();
        }
    }

    /** The peer's side of the path: a plain UDP socket aimed at the mux. */
    private record ChannelTransport(DatagramChannel channel, InetSocketAddress to) implements PacketTransport {
        @Override
        public void send(byte[] buffer, int offset, int length) throws IOException {
            channel.send(ByteBuffer.wrap(buffer, offset, length), to);
        }

        @Override
        public int receive(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            channel.socket().setSoTimeout(Math.max(1, timeoutMillis));
            java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, offset, length);
            try {
                channel.socket().receive(p);
                return p.getLength();
            } catch (SocketTimeoutException e) {
                return -1;
            }
        }

        @Override
        public int mtu() {
            return 1200;
        }
    }

}

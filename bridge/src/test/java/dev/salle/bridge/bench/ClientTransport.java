package dev.salle.bridge.bench;

import dev.salle.rtc.demux.PacketClassifier;
import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.dtls.DtlsException;
import dev.salle.rtc.dtls.DtlsRole;
import dev.salle.rtc.dtls.DtlsSession;
import dev.salle.rtc.dtls.DatagramQueue;
import dev.salle.rtc.dtls.PacketTransport;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.srtp.SrtpException;
import dev.salle.rtc.srtp.SrtpKeys;
import dev.salle.rtc.srtp.SrtpProfile;
import dev.salle.rtc.srtp.SrtpSession;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunFormatException;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The client end of one peer connection to the bridge, as a browser runs it against an ICE-lite
 * server: one UDP socket, ICE checks as the controlling agent with USE-CANDIDATE (RFC 8445 §7.2.2,
 * short-term credentials RFC 8489 §9.1), the DTLS client (the bridge answers {@code setup:passive}
 * and its own offers say {@code actpass}), then SRTP both ways.
 *
 * <p>Threading: one daemon receive thread sorts datagrams; once SRTP is up it unprotects RTP and
 * RTCP there and hands them to the callbacks, so callbacks must be quick. {@link #sendRtp} from one
 * sending thread. {@link #connect} blocks the caller (bounded).
 */
final class ClientTransport implements AutoCloseable {

    private static final int ICE_ATTEMPTS = 40;
    private static final long ICE_RETRY_MILLIS = 250;

    private final Random random;
    private final DatagramChannel channel;
    private final DtlsCertificate certificate;
    private final IceCredentials ice;
    private final Consumer<byte[]> rtp;
    private final Consumer<byte[]> rtcp;
    private final BlockingQueue<byte[]> stun = new ArrayBlockingQueue<>(64);
    private final DatagramQueue dtls = new DatagramQueue(256);
    private final Thread receiver;
    private final AtomicLong receiveFailures = new AtomicLong();
    private volatile boolean closed;

    private InetSocketAddress server;
    private IceCredentials serverIce;
    private CertificateFingerprint serverFingerprint;
    private volatile SrtpSession srtp;

    /**
     * @param rtp receives each unprotected RTP packet, on the receive thread
     * @param rtcp receives each unprotected RTCP compound packet, on the receive thread
     */
    ClientTransport(String name, DtlsCertificate certificate, Random random, Consumer<byte[]> rtp,
            Consumer<byte[]> rtcp) throws IOException {
        this.random = random;
        this.certificate = certificate;
        this.ice = IceCredentials.random(random);
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.channel = DatagramChannel.open().bind(new InetSocketAddress(0));
        this.receiver = new Thread(this::receiveLoop, "load-rx-" + name);
        receiver.setDaemon(true);
        receiver.start();
    }

    IceCredentials ice() {
        return ice;
    }

    CertificateFingerprint fingerprint() {
        return certificate.fingerprint();
    }

    boolean connected() {
        return srtp != null;
    }

    /** Datagrams that failed SRTP authentication or could not be received. */
    long receiveFailures() {
        return receiveFailures.get();
    }

    /** Learns the bridge's candidate, ICE credentials and fingerprint from its offer or answer. */
    void learnServer(SessionDescription sdp) {
        MediaSection first = sdp.media().stream().filter(m -> !m.isRejected()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the bridge's SDP has no open section"));
        Candidate c = first.candidates().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("the bridge's SDP has no candidate in its first section"));
        server = new InetSocketAddress(c.address(), c.port());
        serverIce = new IceCredentials(sdp.iceUfrag(first).orElseThrow(), sdp.icePwd(first).orElseThrow());
        serverFingerprint = CertificateFingerprint.parse(sdp.fingerprints(first).get(0).toValue());
    }

    /** ICE until the bridge answers a check, then the DTLS handshake as client; SRTP is up on return. */
    void connect() throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (attempt == ICE_ATTEMPTS) {
                throw new IOException("the bridge at " + server + " answered none of " + ICE_ATTEMPTS + " ICE checks");
            }
            byte[] id = sendCheck(true);
            if (awaitCheckResponse(id)) {
                break;
            }
        }
        DtlsEndpoint endpoint = new DtlsEndpoint(certificate,
                DtlsConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(10)), new SecureRandom());
        DtlsSession session;
        try {
            session = endpoint.handshake(DtlsRole.CLIENT, new QueueTransport(), serverFingerprint);
        } catch (DtlsException e) {
            throw new IOException("DTLS with the bridge at " + server + " failed: " + e.getMessage(), e);
        }
        SrtpProfile profile = SrtpProfile.fromId(session.srtp().profileId()).orElseThrow();
        srtp = SrtpSession.fromDtls(SrtpKeys.fromKeyingMaterial(profile, session.srtp().keyingMaterial()), true);
    }

    /** A binding request on the selected pair: what keeps consent fresh (RFC 7675). */
    void keepAlive() {
        if (server != null) {
            try {
                sendCheck(false);
            } catch (IOException e) {
                // the next one may go through; a closed socket ends the run anyway
            }
        }
    }

    /** Protects and sends one RTP packet; false when SRTP is not up yet or refused it. */
    boolean sendRtp(byte[] plain) throws IOException {
        SrtpSession s = srtp;
        if (s == null) {
            return false;
        }
        try {
            channel.send(ByteBuffer.wrap(s.protectRtp(plain)), server);
            return true;
        } catch (SrtpException e) {
            return false;
        }
    }

    private byte[] sendCheck(boolean nominate) throws IOException {
        byte[] id = StunMessageBuilder.newTransactionId(random);
        StunMessageBuilder b = new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING, id)
                .username(serverIce.ufrag() + ":" + ice.ufrag())
                .priority(1_845_501_695L)
                .iceControlling(random.nextLong() & Long.MAX_VALUE);
        if (nominate) {
            b.useCandidate();
        }
        channel.send(ByteBuffer.wrap(b.build(serverIce.integrityKey(), true)), server);
        return id;
    }

    private boolean awaitCheckResponse(byte[] id) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ICE_RETRY_MILLIS);
        for (long left = ICE_RETRY_MILLIS; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            byte[] response = stun.poll(left, TimeUnit.MILLISECONDS);
            if (response == null) {
                return false;
            }
            try {
                StunMessage m = StunMessage.parse(response);
                if (m.hasTransactionId(id) && m.stunClass() == StunClass.SUCCESS_RESPONSE) {
                    m.verifyIntegrity(serverIce.integrityKey());
                    return true;
                }
            } catch (StunFormatException e) {
                throw new IOException("the bridge's ICE response does not parse or verify: " + e.getMessage(), e);
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (!closed) {
            try {
                buffer.clear();
                if (channel.receive(buffer) == null) {
                    continue;
                }
                byte[] d = Arrays.copyOf(buffer.array(), buffer.position());
                switch (PacketClassifier.classify(d, 0, d.length)) {
                    case STUN -> stun.offer(d);
                    case DTLS -> dtls.offer(d);
                    case RTP -> media(d, false);
                    case RTCP -> media(d, true);
                    default -> { }
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                receiveFailures.incrementAndGet();
            }
        }
    }

    private void media(byte[] d, boolean isRtcp) {
        SrtpSession s = srtp;
        if (s == null) {
            return;
        }
        try {
            if (isRtcp) {
                rtcp.accept(s.unprotectRtcp(d));
            } else {
                rtp.accept(s.unprotectRtp(d));
            }
        } catch (SrtpException e) {
            receiveFailures.incrementAndGet();
        }
    }

    /** DTLS's view of the socket: sends to the bridge, receives what the receive thread queued. */
    private final class QueueTransport implements PacketTransport {
        @Override
        public void send(byte[] buffer, int offset, int length) throws IOException {
            channel.send(ByteBuffer.wrap(buffer, offset, length), server);
        }

        @Override
        public int receive(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            return dtls.poll(buffer, offset, length, Math.max(1, timeoutMillis));
        }

        @Override
        public int mtu() {
            return 1200;
        }
    }
}

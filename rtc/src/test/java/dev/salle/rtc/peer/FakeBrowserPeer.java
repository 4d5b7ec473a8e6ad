package dev.salle.rtc.peer;

import dev.salle.rtc.demux.PacketClassifier;
import dev.salle.rtc.demux.PacketKind;
import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.dtls.DtlsException;
import dev.salle.rtc.dtls.DtlsRole;
import dev.salle.rtc.dtls.DtlsSession;
import dev.salle.rtc.dtls.DatagramQueue;
import dev.salle.rtc.dtls.PacketTransport;
import dev.salle.rtc.dtls.SetupRole;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.sctp.SctpAssociation;
import dev.salle.rtc.sctp.SctpConfig;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.srtp.SrtpKeys;
import dev.salle.rtc.srtp.SrtpProfile;
import dev.salle.rtc.srtp.SrtpSession;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plays a browser against a {@link PeerConnection} from a plain UDP socket on 127.0.0.1:
 * writes an offer or an answer, sends ICE checks as the controlling agent with USE-CANDIDATE,
 * runs its side of the DTLS handshake and protects/unprotects SRTP with the derived keys.
 *
 * <p>A receive thread sorts datagrams into STUN, DTLS and media queues. The fake does not keep
 * reading its DTLS session after the handshake (loopback loses no final flight) unless
 * {@link #startDataChannels} runs an SCTP association on it, fed by a DTLS reader thread.
 */
final class FakeBrowserPeer implements AutoCloseable {

    static final long AUDIO_SSRC = 0x1111_1111L;
    static final long VIDEO_SSRC = 0x2222_2222L;
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    static final int H264_PT = 102;

    /** Which video codec the fake offers. */
    enum Video { VP8, H264 }

    private final Random random;
    private final DatagramChannel channel;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final IceCredentials ice;
    private final BlockingQueue<byte[]> stun = new ArrayBlockingQueue<>(64);
    private final DatagramQueue dtls = new DatagramQueue(256);
    private final BlockingQueue<byte[]> media = new ArrayBlockingQueue<>(1024);
    private final Thread receiver;
    private volatile boolean closed;

    private CertificateFingerprint advertisedFingerprint;
    private InetSocketAddress serverAddress;
    private IceCredentials serverIce;
    private CertificateFingerprint serverFingerprint;
    private DtlsRole role;
    private DtlsSession dtlsSession;
    private volatile SrtpSession srtp;
    private volatile SctpAssociation sctp;
    private Thread dtlsReader;

    FakeBrowserPeer(long seed) throws IOException {
        this.random = new Random(seed);
        this.ice = IceCredentials.random(random);
        this.advertisedFingerprint = certificate.fingerprint();
        this.channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.receiver = new Thread(this::receiveLoop, "fake-browser");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Makes the SDP carry another certificate's fingerprint than the one the handshake presents. */
    FakeBrowserPeer advertisingFingerprint(CertificateFingerprint fingerprint) {
        this.advertisedFingerprint = fingerprint;
        return this;
    }

    /** An offer like Chrome's: bundled sendonly opus audio and one video codec, {@code setup:actpass}. */
    String offer(Video video) {
        StringBuilder s = new StringBuilder();
        line(s, "v=0");
        line(s, "o=- 4611731400430051336 2 IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        line(s, "a=group:BUNDLE 0 1");
        line(s, "a=extmap-allow-mixed");
        line(s, "a=msid-semantic: WMS fake");
        line(s, "m=audio 9 UDP/TLS/RTP/SAVPF " + OPUS_PT);
        transport(s, "0", "actpass");
        line(s, "a=sendonly");
        line(s, "a=msid:fake audio");
        line(s, "a=rtcp-mux");
        line(s, "a=rtpmap:" + OPUS_PT + " opus/48000/2");
        line(s, "a=rtcp-fb:" + OPUS_PT + " transport-cc");
        line(s, "a=fmtp:" + OPUS_PT + " minptime=10;useinbandfec=1");
        line(s, "a=ssrc:" + AUDIO_SSRC + " cname:fake");
        int pt = video == Video.VP8 ? VP8_PT : H264_PT;
        line(s, "m=video 9 UDP/TLS/RTP/SAVPF " + pt);
        transport(s, "1", "actpass");
        line(s, "a=sendonly");
        line(s, "a=msid:fake video");
        line(s, "a=rtcp-mux");
        line(s, "a=rtcp-rsize");
        if (video == Video.VP8) {
            line(s, "a=rtpmap:" + pt + " VP8/90000");
        } else {
            line(s, "a=rtpmap:" + pt + " H264/90000");
            line(s, "a=fmtp:" + pt + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        }
        line(s, "a=rtcp-fb:" + pt + " nack");
        line(s, "a=rtcp-fb:" + pt + " nack pli");
        line(s, "a=ssrc:" + VIDEO_SSRC + " cname:fake");
        return s.toString();
    }

    /** Takes the server's answer to {@link #offer}. */
    void acceptAnswer(String answerSdp) throws Exception {
        MediaSection first = learnServer(SessionDescription.parse(answerSdp));
        role = SetupRole.localRole(SetupRole.ACTPASS, SetupRole.parse(first.setup().orElseThrow().sdpName()),
                SetupRole.Side.OFFERER);
    }

    /** Answers the server's offer: every section {@code recvonly}, with the given {@code a=setup}. */
    String answer(String offerSdp, SetupRole setup) throws Exception {
        SessionDescription offer = SessionDescription.parse(offerSdp);
        learnServer(offer);
        role = SetupRole.localRole(SetupRole.ACTPASS, setup, SetupRole.Side.ANSWERER);
        StringBuilder s = new StringBuilder();
        line(s, "v=0");
        line(s, "o=- 1 2 IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        line(s, "a=group:BUNDLE " + String.join(" ", offer.bundleMids()));
        for (MediaSection m : offer.media()) {
            line(s, "m=" + m.kind() + " 9 " + m.proto() + " " + String.join(" ", m.formats()));
            transport(s, m.mid().orElseThrow(), setup.sdpValue());
            line(s, "a=recvonly");
            line(s, "a=rtcp-mux");
            for (String rtpmap : m.attributeValues("rtpmap")) {
                line(s, "a=rtpmap:" + rtpmap);
            }
        }
        return s.toString();
    }

    /** Sends checks until the server answers one; returns the address the server saw. */
    InetSocketAddress connectIce() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            byte[] id = StunMessageBuilder.newTransactionId(random);
            byte[] request = new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING, id)
                    .username(serverIce.ufrag() + ":" + ice.ufrag())
                    .priority(1_845_501_695L)
                    .iceControlling(random.nextLong() & Long.MAX_VALUE)
                    .useCandidate()
                    .build(serverIce.integrityKey(), true);
            channel.send(ByteBuffer.wrap(request), serverAddress);
            byte[] response = stun.poll(250, TimeUnit.MILLISECONDS);
            if (response != null) {
                StunMessage m = StunMessage.parse(response);
                if (m.hasTransactionId(id) && m.stunClass() == StunClass.SUCCESS_RESPONSE) {
                    m.verifyIntegrity(serverIce.integrityKey());
                    return m.xorMappedAddress().orElseThrow();
                }
            }
        }
        throw new AssertionError("the server at " + serverAddress + " answered none of 20 ICE checks");
    }

    /** Runs our side of the DTLS handshake and derives SRTP keys; blocks up to 5 s. */
    void handshake() throws DtlsException {
        DtlsEndpoint endpoint = new DtlsEndpoint(certificate,
                DtlsConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(5)), new SecureRandom());
        dtlsSession = endpoint.handshake(role, new QueueTransport(), serverFingerprint);
        SrtpProfile profile = SrtpProfile.fromId(dtlsSession.srtp().profileId()).orElseThrow();
        srtp = SrtpSession.fromDtls(SrtpKeys.fromKeyingMaterial(profile, dtlsSession.srtp().keyingMaterial()),
                role == DtlsRole.CLIENT);
    }

    DtlsRole role() {
        return role;
    }

    /**
     * Starts a browser-like SCTP association (port 5000 both ways) on the DTLS session from
     * {@link #handshake}, and a thread that feeds it what DTLS receives.
     */
    SctpAssociation startDataChannels(SctpAssociation.Listener events) {
        DtlsSession session = dtlsSession;
        SctpAssociation association = new SctpAssociation(packet -> {
            try {
                session.send(packet, 0, packet.length);
                return true;
            } catch (DtlsException e) {
                return false;
            }
        }, 5000, 5000, role == DtlsRole.CLIENT, SctpConfig.defaults(), events);
        sctp = association;
        association.start();
        dtlsReader = new Thread(() -> {
            byte[] buffer = new byte[2048];
            while (!closed) {
                try {
                    int n = session.receive(buffer, 0, buffer.length, 50);
                    if (n > 0) {
                        association.receive(buffer, 0, n);
                    }
                } catch (DtlsException e) {
                    return;
                }
            }
        }, "fake-browser-dtls");
        dtlsReader.setDaemon(true);
        dtlsReader.start();
        return association;
    }

    byte[] protectRtp(byte[] plain) throws Exception {
        return srtp.protectRtp(plain);
    }

    void sendRtp(byte[] plain) throws Exception {
        sendRaw(srtp.protectRtp(plain));
    }

    void sendRtcp(byte[] plain) throws Exception {
        sendRaw(srtp.protectRtcp(plain));
    }

    void sendRaw(byte[] datagram) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), serverAddress);
    }

    /** The next RTP packet from the server, unprotected; empty if none arrives in time. */
    Optional<byte[]> pollRtp(long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (long left = timeoutMillis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            byte[] d = media.poll(left, TimeUnit.MILLISECONDS);
            if (d != null && PacketClassifier.classify(d, 0, d.length) == PacketKind.RTP) {
                return Optional.of(srtp.unprotectRtp(d));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (sctp != null) {
            sctp.close();
        }
        channel.close();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dtlsReader != null) {
            try {
                dtlsReader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (srtp != null) {
            srtp.close();
        }
    }

    /** An RTP packet with a 12-byte header. */
    static byte[] rtp(int payloadType, int sequenceNumber, long timestamp, long ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) payloadType).putShort((short) sequenceNumber)
                .putInt((int) timestamp).putInt((int) ssrc).put(payload);
        return b.array();
    }

    private MediaSection learnServer(SessionDescription sdp) {
        MediaSection first = sdp.media().stream().filter(m -> !m.isRejected()).findFirst().orElseThrow();
        Candidate c = first.candidates().get(0);
        serverAddress = new InetSocketAddress(c.address(), c.port());
        serverIce = new IceCredentials(sdp.iceUfrag(first).orElseThrow(), sdp.icePwd(first).orElseThrow());
        serverFingerprint = CertificateFingerprint.parse(sdp.fingerprints(first).get(0).toValue());
        return first;
    }

    private void transport(StringBuilder s, String mid, String setup) {
        line(s, "c=IN IP4 0.0.0.0");
        line(s, "a=mid:" + mid);
        line(s, "a=ice-ufrag:" + ice.ufrag());
        line(s, "a=ice-pwd:" + ice.pwd());
        line(s, "a=ice-options:trickle");
        line(s, "a=fingerprint:" + advertisedFingerprint.toSdpValue());
        line(s, "a=setup:" + setup);
    }

    private static void line(StringBuilder s, String text) {
        s.append(text).append("\r\n");
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(1500);
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
                    case RTP, RTCP -> media.offer(d);
                    default -> { }
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("fake browser socket failed", e);
                }
            }
        }
    }

    /** DTLS's view of the socket: sends to the server, receives from the DTLS queue. */
    private final class QueueTransport implements PacketTransport {
        @Override
        public void send(byte[] buffer, int offset, int length) throws IOException {
            channel.send(ByteBuffer.wrap(buffer, offset, length), serverAddress);
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

package dev.salle.bridge.media;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.ice.IceTcpLimits;
import dev.salle.rtc.ice.TcpMux;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConfig;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.sdp.Setup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bridge's media port and identity: one UDP port shared by every peer connection (ICE-lite,
 * demultiplexed by ufrag), optionally a TCP port beside it for clients whose network blocks UDP
 * (passive ICE-TCP, RFC 6544: every peer connection then also advertises a {@code tcptype passive}
 * candidate), one DTLS certificate, and the threads that run the handshakes and keep each DTLS
 * association read. Made once per bridge; {@link #close()} releases the ports.
 *
 * <p>What the bridge accepts from publishers: Opus; VP8, H.264 constrained baseline and VP9
 * profile 0 (the codecs the SFU can find key frames in); simulcast by rid (RFC 8853), up to three
 * layers; the RFC 6464 audio level, mid and rid header extensions; a data channel section (SCTP port 5000, as browsers use). Subscriber
 * connections are offered by the bridge with the publisher's own codec.
 */
public final class MediaTransport implements AutoCloseable {

    /** The SCTP port in our SDP (RFC 8841); browsers use 5000 too. */
    public static final int SCTP_PORT = 5000;
    /** RFC 6464 client-to-mixer audio level. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** RFC 8843 §15.2 mid header extension. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852 RtpStreamId. */
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    private static final List<LocalCodec> CODECS = List.of(LocalCodec.opus(), LocalCodec.vp8(),
            LocalCodec.h264ConstrainedBaseline(), LocalCodec.vp9Profile0());

    private final UdpMux mux;
    private final Optional<TcpMux> tcp;
    private final DtlsEndpoint dtls;
    private final ExecutorService peerThreads;
    private final SecureRandom random;

    private MediaTransport(UdpMux mux, Optional<TcpMux> tcp, DtlsEndpoint dtls, ExecutorService peerThreads,
            SecureRandom random) {
        this.mux = mux;
        this.tcp = tcp;
        this.dtls = dtls;
        this.peerThreads = peerThreads;
        this.random = random;
    }

    /**
     * Binds the media port and makes the DTLS certificate.
     *
     * @param bind address and UDP port; port 0 picks a free one (tests)
     * @throws IOException when the port cannot be bound; the message names it and the option to change
     */
    public static MediaTransport open(InetSocketAddress bind, Clock clock) throws IOException {
        return open(bind, OptionalInt.empty(), clock);
    }

    /**
     * Binds the media ports and makes the DTLS certificate.
     *
     * @param bind address and UDP port; port 0 picks a free one (tests)
     * @param tcpPort the ICE-TCP port on the same address, 0 for a free one; empty for none
     * @throws IOException when a port cannot be bound; the message names it and the option to change
     */
    public static MediaTransport open(InetSocketAddress bind, OptionalInt tcpPort, Clock clock) throws IOException {
        SecureRandom random = new SecureRandom();
        UdpMux mux = UdpMux.open(bind, clock);
        Optional<TcpMux> tcp = Optional.empty();
        if (tcpPort.isPresent()) {
            try {
                tcp = Optional.of(TcpMux.open(new InetSocketAddress(bind.getAddress(), tcpPort.getAsInt()), mux,
                        IceTcpLimits.DEFAULTS));
            } catch (IOException e) {
                mux.close();
                throw e;
            }
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bridge-peer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        DtlsEndpoint dtls = new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(), random);
        return new MediaTransport(mux, tcp, dtls, threads, random);
    }

    /** The bound media address. */
    public InetSocketAddress localAddress() {
        return mux.localAddress();
    }

    /** The shared port, for its counters. */
    public UdpMux mux() {
        return mux;
    }

    /** The ICE-TCP port, when there is one, for its address and counters. */
    public Optional<TcpMux> tcp() {
        return tcp;
    }

    /**
     * A new peer connection for one participant.
     *
     * @param publisher true for the connection that answers the client's offers (and carries its
     *     data channels), false for the one the bridge offers on
     * @param reachedAt the local address the client reached the bridge on (its signalling
     *     socket's), advertised as our candidate when the media port is bound to every interface
     */
    public PeerConnection newPeer(boolean publisher, InetAddress reachedAt, PeerConnection.Listener listener) {
        Optional<InetAddress> advertised = mux.localAddress().getAddress().isAnyLocalAddress()
                ? Optional.of(reachedAt) : Optional.empty();
        PeerConfig config = new PeerConfig(CODECS, publisher ? Set.of(AUDIO_LEVEL, MID, RID) : Set.of(), publisher,
                publisher ? SCTP_PORT : 0, PeerConfig.DEFAULT_MAX_MESSAGE_SIZE_BYTES, Setup.PASSIVE,
                PeerConfig.DEFAULT_ICE_TIMEOUT, advertised);
        return new PeerConnection(mux, dtls, config, peerThreads, random, listener);
    }

    /** Closes the port and stops the peer threads (peer connections should be closed first). */
    @Override
    public void close() {
        tcp.ifPresent(TcpMux::close);
        mux.close();
        peerThreads.shutdownNow();
        try {
            peerThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

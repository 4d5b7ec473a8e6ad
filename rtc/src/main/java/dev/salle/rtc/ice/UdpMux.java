package dev.salle.rtc.ice;

import dev.salle.rtc.demux.DropCounters;
import dev.salle.rtc.demux.PacketClassifier;
import dev.salle.rtc.demux.PacketKind;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunErrorCode;
import dev.salle.rtc.stun.StunFormatException;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import dev.salle.rtc.turn.TurnClient;
import dev.salle.rtc.turn.TurnException;
import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP port shared by every ICE-lite session (the bridge's port 7882). A receive thread reads
 * each datagram once and routes it:
 *
 * <ul>
 *   <li>STUN Binding requests find their session by the local ufrag in USERNAME, are checked
 *       for MESSAGE-INTEGRITY (the session's password) and FINGERPRINT, and answered with a
 *       success response carrying XOR-MAPPED-ADDRESS (RFC 8445 §7.3). A bad integrity gets a
 *       401 error response (RFC 8489 §9.1.3). An authenticated check binds its source address to
 *       the session.</li>
 *   <li>DTLS, RTP and RTCP find their session by source address: only addresses that passed a
 *       check are accepted (RFC 8445 §7.3.1.4 is not needed by a lite agent; the address table is
 *       what keeps spoofed media out).</li>
 * </ul>
 *
 * Everything else is dropped and counted by {@link IceDropReason}. Threading: one daemon receive
 * thread; {@link #register} and sends from any thread.
 */
public final class UdpMux implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpMux.class);
    private static final int MAX_DATAGRAM = 1500;

    private final DatagramChannel channel;
    private final Clock clock;
    private final Map<String, IceLiteSession> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, IceLiteSession> byAddress = new ConcurrentHashMap<>();
    private final DropCounters<IceDropReason> drops = new DropCounters<>(IceDropReason.class);
    private final AtomicLong received = new AtomicLong();
    private final OutgoingChecks checks = new OutgoingChecks();
    private final Thread receiver;
    private volatile boolean closed;
    private volatile int passiveTcpPort;

    private UdpMux(DatagramChannel channel, Clock clock) {
        this.channel = channel;
        this.clock = clock;
        this.receiver = new Thread(this::receiveLoop, "udp-mux-" + localAddress().getPort());
        receiver.setDaemon(true);
    }

    /** Asked-for socket buffers; see {@link #receiveBufferBytes()} for what the kernel granted. */
    static final int SOCKET_BUFFER_BYTES = 4 << 20;

    /**
     * Binds the port and starts the receive thread.
     *
     * @param bind address and port; port 0 picks a free one
     */
    public static UdpMux open(InetSocketAddress bind, Clock clock) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            // one thread reads for every peer: a large kernel buffer rides out its short stalls
            // (the kernel caps it at net.core.rmem_max); the default 208 KiB held ~50 ms under load
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(bind);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind the media UDP port " + bind + " (" + e.getMessage()
                    + "); choose a free port with --udp-port", e);
        }
        UdpMux mux = new UdpMux(channel, clock);
        mux.receiver.start();
        return mux;
    }

    /** The receive buffer the kernel granted (Linux reports twice the usable size). */
    public int receiveBufferBytes() {
        try {
            return channel.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a session for one peer.
     *
     * @param local our credentials, sent to the peer in SDP
     * @param remoteUfrag the peer's ufrag from its SDP, checked against USERNAME; empty to accept any
     * @throws IllegalStateException when the ufrag is already in use on this port
     */
    public IceLiteSession register(IceCredentials local, Optional<String> remoteUfrag, IceLiteSession.Listener listener) {
        IceLiteSession session = new IceLiteSession(this, local, remoteUfrag.orElse(null), listener);
        if (byUfrag.putIfAbsent(local.ufrag(), session) != null) {
            throw new IllegalStateException("ICE ufrag " + local.ufrag() + " is already in use on " + localAddress()
                    + "; make fresh credentials");
        }
        return session;
    }

    /**
     * An ICE restart of {@code session} (RFC 8445 §9): from now on its checks use {@code newLocal}
     * and, when given, come from {@code remoteUfrag}; the old ufrag is forgotten. The addresses the
     * session learned stay bound to it, so media and DTLS go on while the new checks run.
     *
     * @throws IllegalStateException when the new ufrag is already in use on this port or the session is closed
     */
    public void restart(IceLiteSession session, IceCredentials newLocal, Optional<String> remoteUfrag) {
        if (session.isClosed()) {
            throw new IllegalStateException("ICE session " + session.localCredentials().ufrag()
                    + " is closed; it cannot restart");
        }
        if (byUfrag.putIfAbsent(newLocal.ufrag(), session) != null) {
            throw new IllegalStateException("ICE ufrag " + newLocal.ufrag() + " is already in use on " + localAddress()
                    + "; make fresh credentials");
        }
        String old = session.localCredentials().ufrag();
        session.restartWith(newLocal, remoteUfrag.orElse(null));
        byUfrag.remove(old, session);
    }

    void unregister(IceLiteSession session) {
        byUfrag.remove(session.localCredentials().ufrag(), session);
        byAddress.values().removeIf(s -> s == session);
    }

    /** A {@link TcpMux} serves this port's sessions on that TCP port too (RFC 6544 passive). */
    void attachTcpPort(int port) {
        passiveTcpPort = port;
    }

    /** The TCP port a {@link TcpMux} serves this port's sessions on, if one does. */
    public java.util.OptionalInt passiveTcpPort() {
        int port = passiveTcpPort;
        return port == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(port);
    }

    /** Datagrams dropped, by reason. */
    public DropCounters<IceDropReason> drops() {
        return drops;
    }

    public long datagramsReceived() {
        return received.get();
    }

    public int sessionCount() {
        return byUfrag.size();
    }

    void sendTo(byte[] buf, int off, int len, InetSocketAddress to) throws IOException {
        channel.send(ByteBuffer.wrap(buf, off, len), to);
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            try {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                if (from == null) {
                    continue;
                }
                received.incrementAndGet();
                route(buffer.array(), buffer.position(), from);
            } catch (ClosedChannelException e) {
                return; // closed, normal stop
            } catch (IOException e) {
                if (!closed) {
                    log.warn("media UDP port {}: receive failed; going on", localAddress(), e);
                }
            } catch (RuntimeException e) {
                log.warn("media UDP port: a datagram could not be handled; going on", e); // one bad packet never kills the loop
            }
        }
    }

    void route(byte[] buf, int len, InetSocketAddress from) throws IOException {
        route(buf, len, new IcePath.Udp(this, from));
    }

    /**
     * A TURN client for {@code server}, on a new UDP socket on this port's address (any port) or
     * over TCP or TLS as the server says, whose relayed datagrams come into this mux as if they had
     * arrived on the port, with the relayed path as their source. Not allocated yet; the caller
     * owns and closes it.
     */
    public TurnClient openRelay(TurnServer server, ScheduledExecutorService scheduler, TurnTimeouts timeouts)
            throws IOException, TurnException {
        AtomicReference<TurnClient> self = new AtomicReference<>();
        TurnClient client = TurnClient.open(server, localAddress().getAddress(), scheduler, timeouts,
            (peer, data) -> {
                TurnClient relay = self.get();
                if (relay != null) {
                    routeRelayed(data, new IcePath.Relayed(relay, peer));
                }
            });
        self.set(client);
        return client;
    }

    /**
     * A datagram a peer sent to one of our TURN allocations (RFC 8656 §11.4), routed as one on the
     * port would be, with the relayed path as its source: a check's answer selects that path.
     * Called on the relay's reader thread; a bad datagram is dropped and counted.
     */
    private void routeRelayed(byte[] datagram, IcePath.Relayed from) {
        try {
            route(datagram, datagram.length, from);
        } catch (IOException | RuntimeException e) {
            log.debug("relayed datagram from {} not handled: {}", from.remote(), e.toString());
        }
    }

    private void route(byte[] buf, int len, IcePath path) throws IOException {
        InetSocketAddress from = path.remote();
        PacketKind kind = PacketClassifier.classify(buf, 0, len);
        switch (kind) {
            case STUN -> stun(buf, len, path);
            case DTLS, RTP, RTCP -> {
                IceLiteSession session = byAddress.get(from);
                if (session == null) {
                    drops.increment(IceDropReason.UNKNOWN_SOURCE);
                    log.debug("dropped {} datagram from unchecked address {}", kind, from);
                } else if (kind == PacketKind.DTLS) {
                    if (!session.offerDtls(IceLiteSession.copy(buf, 0, len))) {
                        drops.increment(IceDropReason.QUEUE_FULL);
                    }
                } else {
                    session.deliverMedia(IceLiteSession.copy(buf, 0, len));
                }
            }
            default -> drops.increment(IceDropReason.UNKNOWN_KIND);
        }
    }

    /**
     * One frame from an ICE-TCP connection (RFC 6544), routed as a datagram would be: STUN is
     * answered on the connection (an authenticated request binds it to its session), and DTLS,
     * RTP and RTCP go to the session the connection is bound to.
     *
     * @return the session the connection is bound to after this frame, or null
     */
    IceLiteSession routeFrame(byte[] buf, int len, TcpStream from) throws IOException {
        PacketKind kind = PacketClassifier.classify(buf, 0, len);
        IceLiteSession session = from.session();
        switch (kind) {
            case STUN -> stun(buf, len, from);
            case DTLS, RTP, RTCP -> {
                if (session == null) {
                    drops.increment(IceDropReason.UNKNOWN_SOURCE);
                } else if (kind == PacketKind.DTLS) {
                    if (!session.offerDtls(IceLiteSession.copy(buf, 0, len))) {
                        drops.increment(IceDropReason.QUEUE_FULL);
                    }
                } else {
                    session.deliverMedia(IceLiteSession.copy(buf, 0, len));
                }
            }
            default -> drops.increment(IceDropReason.UNKNOWN_KIND);
        }
        return from.session();
    }

    /** The session whose local ufrag a STUN Binding request names, or null. */
    IceLiteSession sessionFor(String ufrag) {
        return byUfrag.get(ufrag);
    }

    /**
     * Sends one connectivity check (RFC 8445 §7.2.2) for {@code session} to {@code to}: USERNAME
     * {@code remote:local}, PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED with the tie-breaker,
     * USE-CANDIDATE when nominating, MESSAGE-INTEGRITY with the remote password and FINGERPRINT.
     * Its success response, when it comes from {@code to} and verifies, selects the address as an
     * authenticated check would ({@link IceLiteSession.Listener#connected}).
     *
     * @return false when too many checks are outstanding on this port (nothing was sent)
     */
    public boolean sendCheck(IceLiteSession session, IceCredentials remote, InetSocketAddress to, boolean controlling,
            long tieBreaker, boolean nominate, byte[] transactionId) throws IOException {
        return sendCheck(session, remote, new IcePath.Udp(this, to), controlling, tieBreaker, nominate, transactionId);
    }

    /** As {@link #sendCheck(IceLiteSession, IceCredentials, InetSocketAddress, boolean, long, boolean, byte[])}, on any path. */
    boolean sendCheck(IceLiteSession session, IceCredentials remote, IcePath to, boolean controlling,
            long tieBreaker, boolean nominate, byte[] transactionId) throws IOException {
        if (!checks.add(transactionId, new OutgoingChecks.Check(session, remote, to, nominate, clock.millis()), clock.millis())) {
            drops.increment(IceDropReason.TOO_MANY_CHECKS);
            return false;
        }
        StunMessageBuilder b = new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING, transactionId)
                .username(remote.ufrag() + ":" + session.localCredentials().ufrag())
                .priority(OutgoingChecks.PEER_REFLEXIVE_PRIORITY);
        if (controlling) {
            b.iceControlling(tieBreaker);
        } else {
            b.iceControlled(tieBreaker);
        }
        if (nominate) {
            b.useCandidate();
        }
        byte[] request = b.build(remote.integrityKey(), true);
        to.send(request, 0, request.length);
        return true;
    }

    private void stun(byte[] buf, int len, IcePath from) throws IOException {
        StunMessage request;
        String ufrag;
        try {
            request = StunMessage.parse(buf, 0, len);
            if (request.method() == StunMethods.BINDING && (request.stunClass() == StunClass.SUCCESS_RESPONSE
                    || request.stunClass() == StunClass.ERROR_RESPONSE)) {
                response(request, from);
                return;
            }
            if (request.stunClass() != StunClass.REQUEST || request.method() != StunMethods.BINDING) {
                drops.increment(IceDropReason.NOT_A_BINDING_REQUEST);
                return;
            }
            ufrag = request.localUfrag().orElse(null);
        } catch (StunFormatException e) {
            drops.increment(IceDropReason.MALFORMED_STUN);
            log.debug("dropped malformed STUN from {}: {}", from.remote(), e.getMessage());
            return;
        }
        IceLiteSession session = ufrag == null ? null : byUfrag.get(ufrag);
        if (session == null || from instanceof TcpStream stream && stream.session() != null && stream.session() != session) {
            drops.increment(IceDropReason.UNKNOWN_UFRAG); // an ICE-TCP connection serves one session only
            return;
        }
        String expectedRemote = session.remoteUfrag();
        if (expectedRemote != null && !request.username().orElse("").equals(ufrag + ":" + expectedRemote)) {
            drops.increment(IceDropReason.WRONG_REMOTE_UFRAG);
            return;
        }
        byte[] key = session.localCredentials().integrityKey();
        try {
            request.verifyIntegrity(key);
        } catch (StunFormatException e) {
            drops.increment(IceDropReason.BAD_INTEGRITY);
            byte[] unauthorized = new StunMessageBuilder(StunClass.ERROR_RESPONSE, StunMethods.BINDING, request.transactionId())
                    .errorCode(new StunErrorCode(401, "Unauthorized"))
                    .build();
            from.send(unauthorized, 0, unauthorized.length);
            return;
        }
        if (request.hasFingerprint()) {
            try {
                request.verifyFingerprint();
            } catch (StunFormatException e) {
                drops.increment(IceDropReason.BAD_FINGERPRINT);
                return;
            }
        }
        byte[] response = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.BINDING, request.transactionId())
                .xorMappedAddress(from.remote())
                .build(key, true);
        // learn the path before answering: the peer may send DTLS the moment it has the answer
        learn(from, session);
        session.checked(from, request.useCandidate(), clock.instant());
        from.send(response, 0, response.length);
    }

    /** A response to one of our checks: it must match a check we sent, come from where it went and verify. */
    private void learn(IcePath from, IceLiteSession session) {
        if (from instanceof IcePath.Udp || from instanceof IcePath.Relayed) {
            byAddress.put(from.remote(), session);
        } else if (from instanceof TcpStream stream && stream.session() == null) {
            stream.bind(session);
        }
    }

    private void response(StunMessage response, IcePath from) {
        OutgoingChecks.Check check = checks.take(response.transactionId());
        if (check == null) {
            drops.increment(IceDropReason.UNEXPECTED_RESPONSE);
            return;
        }
        if (!check.target().equals(from)) {
            drops.increment(IceDropReason.UNEXPECTED_RESPONSE); // RFC 8445 §7.2.5.2.1: addresses must be symmetric
            return;
        }
        try {
            response.verifyIntegrity(check.remote().integrityKey());
        } catch (StunFormatException e) {
            drops.increment(IceDropReason.BAD_INTEGRITY);
            return;
        }
        if (response.stunClass() == StunClass.ERROR_RESPONSE) {
            drops.increment(IceDropReason.CHECK_REFUSED);
            log.debug("ICE check to {} refused: {}", from, response);
            return;
        }
        if (check.session().isClosed()) {
            return;
        }
        learn(from, check.session());
        check.session().checked(from, check.nominate(), clock.instant());
    }

    /** Checks sent and not answered yet. */
    public int outstandingChecks() {
        return checks.size();
    }

    /** Closes the port; every session stops receiving. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the media UDP port", e);
        }
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

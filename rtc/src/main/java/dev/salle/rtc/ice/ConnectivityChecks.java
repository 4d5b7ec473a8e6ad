package dev.salle.rtc.ice;

import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.turn.TurnClient;
import dev.salle.rtc.turn.TurnException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks a full ICE agent sends for one session (RFC 8445 §7.2): to every remote candidate
 * until one answers, then on the selected pair to keep consent fresh (RFC 7675 §5.1). A
 * controlling agent nominates with every check (USE-CANDIDATE, the way a browser facing an
 * ICE-lite server does); a controlled one sends plain checks, which also let a peer behind NAT
 * learn our address as peer-reflexive.
 *
 * <p>The peer's UDP host candidates are checked, and its passive TCP ones (RFC 6544, what our
 * bridge and a LiveKit server announce beside UDP): we connect to each (at most
 * {@link #MAX_TCP_CANDIDATES}, each attempt bounded by {@link #TCP_CONNECT_TIMEOUT_MILLIS}, never
 * retried) and send checks over the connection in RFC 4571 frames. A check on TCP nominates only
 * while no UDP path answered, so UDP wins when both work.
 *
 * <p>Relayed pairs (RFC 8445 §6.1.2.2 with a relayed local candidate, RFC 8656): for every TURN
 * allocation {@link #addRelay added}, each UDP candidate gets a permission on the relay (in the
 * background) and then checks through it. A relayed check nominates only once a round went
 * unanswered on every better path (or with {@link #relayOnly}), and never while a direct or TCP
 * path is selected, so host and TCP pairs win when they work, as their priorities say. No
 * server-reflexive gathering is done here.
 *
 * <p>Consent freshness (RFC 7675 §5.1): {@link #consentExpired} tells when the peer has stopped
 * answering on the selected pair, so the owner can report it.
 *
 * <p>Threading: {@link #addCandidate} from any thread; {@link #sendRound}, {@link #keepAlive} and
 * {@link #consentExpired} from the connection's worker.
 */
public final class ConnectivityChecks {

    /** Candidates beyond this many are ignored: a hostile SDP cannot make us spray packets. */
    public static final int MAX_CANDIDATES = 16;
    private static final Logger log = LoggerFactory.getLogger(ConnectivityChecks.class);
    /** Passive TCP candidates beyond this many are not connected to. */
    public static final int MAX_TCP_CANDIDATES = 4;
    /** How long one TCP connection attempt may take. */
    public static final int TCP_CONNECT_TIMEOUT_MILLIS = 3000;

    private final UdpMux mux;
    private final IceLiteSession session;
    private final IceCredentials remote;
    private final boolean controlling;
    private final long tieBreaker;
    private final RandomGenerator random;
    private final List<InetSocketAddress> candidates = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> tcpCandidates = new CopyOnWriteArrayList<>();
    private final List<TcpStream> streams = new CopyOnWriteArrayList<>();
    private final List<TurnClient> relays = new CopyOnWriteArrayList<>();
    /** (allocation, peer host) pairs a permission was asked for: per allocation, since a new one on the same server has none. */
    private final Set<java.util.Map.Entry<TurnClient, String>> permissionsAsked = ConcurrentHashMap.newKeySet();
    private volatile boolean relayOnly;
    private int rounds;
    private ConsentFreshness consent;

    public ConnectivityChecks(UdpMux mux, IceLiteSession session, IceCredentials remote, boolean controlling,
            RandomGenerator random) {
        this.mux = Objects.requireNonNull(mux, "mux");
        this.session = Objects.requireNonNull(session, "session");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.controlling = controlling;
        this.random = Objects.requireNonNull(random, "random");
        this.tieBreaker = random.nextLong() & Long.MAX_VALUE;
    }

    public boolean controlling() {
        return controlling;
    }

    /**
     * Adds a remote candidate's address. Returns false when it was known already, unusable (a
     * wildcard or port 0, or another address family than our port) or over {@link #MAX_CANDIDATES}.
     */
    public boolean addCandidate(InetSocketAddress address) {
        if (address.isUnresolved() || address.getAddress().isAnyLocalAddress() || address.getPort() == 0
                || candidates.size() >= MAX_CANDIDATES || candidates.contains(address)) {
            return false;
        }
        InetSocketAddress local = mux.localAddress();
        boolean localIsV4 = local.getAddress() instanceof java.net.Inet4Address;
        if (localIsV4 && !(address.getAddress() instanceof java.net.Inet4Address)) {
            return false;
        }
        candidates.add(address);
        relays.forEach(relay -> permit(relay, address));
        return true;
    }

    /**
     * Checks every UDP candidate through this TURN allocation too (the client is allocated and its
     * data goes to {@link UdpMux#routeRelayed}); the caller keeps owning and closing it.
     */
    public void addRelay(TurnClient relay) {
        if (!relays.contains(relay)) {
            relays.add(relay);
            candidates.forEach(address -> permit(relay, address));
        }
    }

    /** Only relayed pairs are checked (a browser's {@code iceTransportPolicy: "relay"}). */
    public void relayOnly(boolean only) {
        relayOnly = only;
    }

    private void permit(TurnClient relay, InetSocketAddress address) {
        if (!permissionsAsked.add(java.util.Map.entry(relay, address.getAddress().getHostAddress()))) {
            return;
        }
        Thread.ofVirtual().name("turn-permission-" + address).start(() -> {
            try {
                relay.createPermission(address.getAddress());
            } catch (TurnException | RuntimeException e) {
                log.info("no TURN permission on {} for candidate {}: {}", relay.server(), address, e.getMessage());
                return;
            }
            try {
                relay.bindChannel(address); // 4 bytes per packet instead of 36; Send indications if refused
            } catch (TurnException | RuntimeException e) {
                log.debug("no TURN channel on {} for candidate {}: {}", relay.server(), address, e.getMessage());
            }
        });
    }

    /**
     * Adds a remote passive TCP candidate (RFC 6544 §5.1) and starts connecting to it in the
     * background; once connected, every round checks it too. Returns false when it was known
     * already, unusable, or over {@link #MAX_TCP_CANDIDATES}.
     */
    public boolean addTcpCandidate(InetSocketAddress address) {
        if (address.isUnresolved() || address.getAddress().isAnyLocalAddress() || address.getPort() == 0
                || address.getPort() == 9 || tcpCandidates.size() >= MAX_TCP_CANDIDATES
                || tcpCandidates.contains(address)) {
            return false;
        }
        tcpCandidates.add(address);
        Thread.ofVirtual().name("ice-tcp-connect-" + address).start(() -> connect(address));
        return true;
    }

    private void connect(InetSocketAddress address) {
        TcpStream stream;
        try {
            stream = TcpStream.connect(address, TCP_CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            log.debug("ICE-TCP candidate {} not reached: {}", address, e.getMessage());
            return;
        }
        session.addStream(stream);
        if (session.isClosed()) {
            return;
        }
        streams.add(stream);
        send(stream);
        try {
            stream.readFrames((s, buf, len) -> mux.routeFrame(buf, len, s), 0, () -> true);
        } catch (IOException | RuntimeException e) {
            log.debug("ICE-TCP connection to {} ended: {}", address, e.toString());
        } finally {
            streams.remove(stream);
            session.removeStream(stream);
            stream.close();
        }
    }

    /**
     * Closes this round's TCP connections except the one the session's media runs on: an ICE
     * restart's new checks open their own, and the old ones must not pile up.
     */
    public void closeUnselectedStreams() {
        IcePath selected = session.selectedPath();
        for (TcpStream stream : streams) {
            if (stream != selected) {
                stream.close();
            }
        }
    }

    /** The UDP candidates, then the TCP ones. */
    public List<InetSocketAddress> candidates() {
        List<InetSocketAddress> all = new java.util.ArrayList<>(candidates);
        all.addAll(tcpCandidates);
        return List.copyOf(all);
    }

    /** One check to every candidate (TCP: every one connected); returns how many were sent. */
    public int sendRound() {
        int sent = 0;
        boolean direct = !relayOnly;
        for (InetSocketAddress to : candidates) {
            if (direct && send(new IcePath.Udp(mux, to))) {
                sent++;
            }
            for (TurnClient relay : relays) {
                if (relay.hasPermission(to.getAddress()) && send(new IcePath.Relayed(relay, to))) {
                    sent++;
                }
            }
        }
        for (TcpStream stream : direct ? streams : List.<TcpStream>of()) {
            if (send(stream)) {
                sent++;
            }
        }
        rounds++;
        return sent;
    }

    /** A check on the selected path (consent freshness); false when none is selected yet. */
    public boolean keepAlive() {
        IcePath path = session.selectedPath();
        return path != null && send(path);
    }

    /**
     * Whether consent on the selected pair just expired (RFC 7675 §5.1): no answer to our checks,
     * no check from the peer and no authenticated media for {@code timeout}. True once per expiry
     * (see {@link ConsentFreshness}); false while no pair is selected. Call it about as often as
     * {@link #keepAlive}, with the same timeout each time.
     *
     * @param nowNanos {@link System#nanoTime} now
     * @param timeout how long the peer may stay silent
     * @param inboundPackets authenticated media packets received so far on this connection
     */
    public boolean consentExpired(long nowNanos, Duration timeout, long inboundPackets) {
        if (session.selectedPath() == null) {
            return false;
        }
        if (consent == null) {
            consent = new ConsentFreshness(timeout);
        }
        return consent.expiredNow(nowNanos, session.lastCheck(), inboundPackets);
    }

    private boolean send(IcePath to) {
        boolean nominate;
        if (to.relayed()) {
            IcePath selected = session.selectedPath();
            nominate = controlling && (selected == null ? relayOnly || rounds >= 2 : selected.relayed());
        } else {
            nominate = controlling && (!to.tcp() || !session.selectedIsUdp());
        }
        try {
            return mux.sendCheck(session, remote, to, controlling, tieBreaker, nominate,
                    StunMessageBuilder.newTransactionId(random));
        } catch (IOException e) {
            return false; // the next round may go through (an unreachable address says so here)
        }
    }
}

package dev.salle.rtc.peer;

import dev.salle.rtc.ice.ConnectivityChecks;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.ice.IceLiteSession;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.turn.TurnAllocation;
import dev.salle.rtc.turn.TurnClient;
import dev.salle.rtc.turn.TurnException;
import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnTimeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE part of one {@link PeerConnection}: our credentials and host candidates, the session on
 * the shared {@link UdpMux}, and, for a full agent, the checks we send (RFC 8445 §7.2), their
 * rounds during an ICE restart and the consent checks after (RFC 7675 §5.1).
 *
 * <p>Threading: the signalling methods are called under the connection's lock;
 * {@link #addRemoteCandidate} from any thread; {@link #awaitConnected} and {@link #keepChecking}
 * from the connection's worker.
 */
final class PeerIce {

    private static final Logger log = LoggerFactory.getLogger(PeerIce.class);
    static final long HOST_PRIORITY = 2_130_706_431L;
    /**
     * A passive TCP host candidate's priority, RFC 6544 §4.2: type preference 126 (host), local
     * preference 2^13 * 4 (direction: passive) + 8191, component 1; below {@link #HOST_PRIORITY},
     * so a peer prefers UDP when both work.
     */
    static final long TCP_PASSIVE_HOST_PRIORITY = (126L << 24) + (((4L << 13) + 8191) << 8) + (256 - 1);

    static final int MAX_RELAY_FAILURES_KEPT = 8;
    private final UdpMux mux;
    private final PeerConfig config;
    private final RandomGenerator random;
    private final List<Candidate> hostCandidates;
    private final List<Candidate> earlyCandidates = new CopyOnWriteArrayList<>();
    private final CompletableFuture<InetSocketAddress> connected = new CompletableFuture<>();
    private final List<TurnClient> relays = new CopyOnWriteArrayList<>();
    private final List<Candidate> relayCandidates = new CopyOnWriteArrayList<>();
    /** Why TURN servers gave no relayed candidate (the first few): part of an ICE failure's story. */
    private final List<TurnException> relayFailures = new CopyOnWriteArrayList<>();
    private volatile boolean relayOnly;
    private volatile boolean closed;
    private volatile IceCredentials local;
    private volatile IceLiteSession session;
    private volatile ConnectivityChecks checks;
    private volatile int restarts;
    private boolean controlling;
    private long nextConsent = System.nanoTime();
    private long nextRestartRound = System.nanoTime();

    /**
     * @throws IllegalArgumentException if the mux is bound to a wildcard address and no advertised
     *     address is configured (for a lite agent)
     */
    PeerIce(UdpMux mux, PeerConfig config, RandomGenerator random) {
        this.mux = mux;
        this.config = config;
        this.random = random;
        this.local = IceCredentials.random(random);
        InetSocketAddress bound = mux.localAddress();
        InetAddress address = config.advertisedAddress().orElse(bound.getAddress());
        if (address.isAnyLocalAddress() && !config.fullIce()) {
            throw new IllegalArgumentException("the media port is bound to the wildcard " + bound
                    + " and no advertised address is set; set PeerConfig.advertisedAddress to the address clients reach");
        }
        List<InetAddress> addresses = address.isAnyLocalAddress() ? HostAddresses.of(address) : List.of(address);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            candidates.add(new Candidate(String.valueOf(i + 1), 1, "udp", HOST_PRIORITY - i,
                    addresses.get(i).getHostAddress(), bound.getPort(), "host", null, null, null, null, Map.of()));
        }
        OptionalInt tcpPort = mux.passiveTcpPort();
        if (tcpPort.isPresent() && !config.fullIce()) {
            for (int i = 0; i < addresses.size(); i++) {
                candidates.add(new Candidate(String.valueOf(addresses.size() + i + 1), 1, "tcp",
                        TCP_PASSIVE_HOST_PRIORITY - i, addresses.get(i).getHostAddress(), tcpPort.getAsInt(), "host",
                        null, null, null, null, Map.of("tcptype", "passive")));
            }
        }
        this.hostCandidates = List.copyOf(candidates);
    }

    /**
     * A relayed candidate's priority (RFC 8445 §5.1.2.2): type preference 0, local preference
     * 65535, component 1: below every host, TCP and server-reflexive one.
     */
    static final long RELAY_PRIORITY = (65_535L << 8) + (256 - 1);

    /**
     * Allocates on each TURN server in the background (each bounded by {@code timeouts}); every
     * allocation that succeeds becomes a relayed candidate whose pairs are checked from the next
     * round on. With {@code only}, the direct pairs are not checked at all.
     */
    void gatherRelays(List<TurnServer> servers, boolean only, ScheduledExecutorService scheduler,
            TurnTimeouts timeouts, Consumer<Candidate> gathered) {
        relayOnly = only;
        ConnectivityChecks c = checks;
        if (c != null) {
            c.relayOnly(only);
        }
        for (TurnServer server : servers) {
            Thread.ofVirtual().name("turn-allocate-" + server.address()).start(() -> {
                TurnClient relay = null;
                try {
                    relay = mux.openRelay(server, scheduler, timeouts);
                    TurnAllocation allocation = relay.allocate();
                    if (closed) {
                        relay.close();
                        return;
                    }
                    relays.add(relay);
                    relay.lost().thenAccept(why -> log.warn("peer {}: relayed candidate on TURN server {} is gone"
                            + " (its connection was lost: {}); the other paths remain", local.ufrag(), server, why));
                    Candidate candidate = new Candidate(String.valueOf(100 + relays.size()), 1, "udp",
                            RELAY_PRIORITY - relays.size() + 1, allocation.relayed().getAddress().getHostAddress(),
                            allocation.relayed().getPort(), "relay",
                            allocation.mapped() == null ? null : allocation.mapped().getAddress().getHostAddress(),
                            allocation.mapped() == null ? null : allocation.mapped().getPort(), null, null, Map.of());
                    relayCandidates.add(candidate);
                    ConnectivityChecks current = checks;
                    if (current != null) {
                        current.addRelay(relay);
                    }
                    gathered.accept(candidate);
                } catch (TurnException | IOException | RuntimeException e) {
                    log.warn("peer {}: no relayed candidate from TURN server {}: {}", local.ufrag(), server,
                            e.getMessage());
                    if (e instanceof TurnException t && relayFailures.size() < MAX_RELAY_FAILURES_KEPT) {
                        relayFailures.add(t);
                    }
                    if (relay != null) {
                        relay.close();
                    }
                }
            });
        }
    }

    /** The relayed candidates gathered so far. */
    List<Candidate> relayCandidates() {
        return List.copyOf(relayCandidates);
    }

    private ConnectivityChecks withRelays(ConnectivityChecks c) {
        c.relayOnly(relayOnly);
        relays.forEach(c::addRelay);
        return c;
    }

    IceCredentials local() {
        return local;
    }

    String ufrag() {
        return local.ufrag();
    }

    List<Candidate> hostCandidates() {
        return hostCandidates;
    }

    /** The session on the mux, once registered. */
    IceLiteSession session() {
        return session;
    }

    ConnectivityChecks checks() {
        return checks;
    }

    /** Joins the mux (again, for a new offer) with our credentials; media datagrams go to {@code media}. */
    void register(Optional<String> remoteUfrag, Consumer<byte[]> media) {
        session = mux.register(local, remoteUfrag, listener(media));
    }

    /** Joins the mux unless already on it. */
    void registerOnce(Optional<String> remoteUfrag, Consumer<byte[]> media) {
        if (session == null) {
            register(remoteUfrag, media);
        }
    }

    private IceLiteSession.Listener listener(Consumer<byte[]> media) {
        return new IceLiteSession.Listener() {
            @Override
            public void connected(InetSocketAddress address) {
                connected.complete(address);
            }

            @Override
            public void media(byte[] datagram) {
                media.accept(datagram);
            }
        };
    }

    /**
     * A full agent starts checking the remote description's candidates (and those trickled
     * early). RFC 8445 §6.1.1: the offerer controls, unless one side is lite (then the full one does).
     */
    void startChecks(RemoteDescription remote, boolean weOffered) {
        if (!config.fullIce()) {
            return;
        }
        controlling = weOffered || remote.sdp().isIceLite();
        ConnectivityChecks c = withRelays(new ConnectivityChecks(mux, session, remote.ice(), controlling, random));
        remote.sdp().media().stream().flatMap(m -> m.candidates().stream()).forEach(cand -> addTo(c, cand));
        earlyCandidates.forEach(cand -> addTo(c, cand));
        checks = c;
    }

    /** Moves the ICE session to {@code ours}, keeping the transport under DTLS and SRTP. */
    void restart(IceCredentials ours, Optional<String> remote) {
        mux.restart(session, ours, remote);
        local = ours;
        restarts++;
        log.debug("peer {}: ICE restart, remote ufrag {}", ours.ufrag(), remote.orElse("(from the answer)"));
    }

    /** A full agent checks the new remote credentials and candidates after a restart. */
    void newChecks(RemoteDescription remote) {
        if (!config.fullIce()) {
            return;
        }
        ConnectivityChecks old = checks;
        if (old != null) {
            old.closeUnselectedStreams();
        }
        ConnectivityChecks c = withRelays(new ConnectivityChecks(mux, session, remote.ice(), controlling, random));
        remote.sdp().media().stream().flatMap(m -> m.candidates().stream()).forEach(cand -> addTo(c, cand));
        checks = c;
    }

    void expectRemoteUfrag(String ufrag) {
        session.expectRemoteUfrag(ufrag);
    }

    boolean restarting() {
        IceLiteSession s = session;
        return s != null && s.restarting();
    }

    int restarts() {
        return restarts;
    }

    Optional<InetSocketAddress> remoteAddress() {
        IceLiteSession s = session;
        return s == null ? Optional.empty() : s.selectedAddress();
    }

    /** See {@link PeerConnection#addRemoteCandidate}. */
    void addRemoteCandidate(Candidate candidate) {
        if (!config.fullIce()) {
            return;
        }
        ConnectivityChecks c = checks;
        if (c != null) {
            addTo(c, candidate);
        } else if (earlyCandidates.size() < ConnectivityChecks.MAX_CANDIDATES) {
            earlyCandidates.add(candidate);
        }
    }

    private static void addTo(ConnectivityChecks c, Candidate candidate) {
        if (candidate.component() != 1 || !candidate.address().matches("[0-9a-fA-F:.]+")) {
            return; // literal addresses only: no DNS lookups (mDNS names are skipped)
        }
        InetSocketAddress address = new InetSocketAddress(candidate.address(), candidate.port());
        if ("udp".equalsIgnoreCase(candidate.transport())) {
            c.addCandidate(address);
        } else if ("tcp".equalsIgnoreCase(candidate.transport())
                && "passive".equals(candidate.extensions().get("tcptype"))) {
            c.addTcpCandidate(address); // RFC 6544 §6.2: active pairs with the peer's passive
        }
    }

    /**
     * Waits for ICE: the first authenticated check from the peer, or, for a full agent, the first
     * answered check of ours (sent every {@link PeerConnection#CHECK_INTERVAL_MILLIS} to every candidate).
     *
     * @throws TimeoutException when {@link PeerConfig#iceTimeout()} passed first
     * @throws ExecutionException or {@link java.util.concurrent.CancellationException} when closed meanwhile
     */
    void awaitConnected() throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + config.iceTimeout().toNanos();
        while (true) {
            ConnectivityChecks c = checks;
            if (c != null) {
                c.sendRound();
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                connected.get(c == null ? left : Math.min(left, PeerConnection.CHECK_INTERVAL_MILLIS),
                        TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (c == null) {
                    throw e;
                }
            }
        }
    }

    /** How many relayed candidates this connection holds whose allocation is still alive. */
    int liveRelays() {
        return (int) relays.stream().filter(r -> !r.lost().isDone()).count();
    }

    /** Why TURN servers refused to relay for this connection, oldest first, at most {@value #MAX_RELAY_FAILURES_KEPT}. */
    List<TurnException> relayFailures() {
        return List.copyOf(relayFailures);
    }

    /** What to say when {@link #awaitConnected} timed out. */
    String timeoutMessage() {
        ConnectivityChecks c = checks;
        return c != null
                ? "none of the peer's candidates " + c.candidates() + " answered our ICE checks within "
                        + config.iceTimeout() + (relays.isEmpty() ? "" : " (directly or through " + relays.size()
                                + " TURN allocation(s))") + "; check the network path to them (UDP, TCP to a passive"
                                + " candidate, or a TURN server from the JoinResponse's ice_servers)"
                                + (relayFailures.isEmpty() ? "" : "; no relay: " + relayFailures.stream()
                                        .map(Throwable::getMessage).collect(java.util.stream.Collectors.joining("; ")))
                : "no authenticated STUN check for ICE ufrag " + local.ufrag() + " within "
                        + config.iceTimeout() + "; check that clients can reach " + hostCandidates.get(0).address()
                        + ":" + hostCandidates.get(0).port() + "/udp";
    }

    /**
     * Called by the DTLS reader loop every poll: during an ICE restart a full agent checks every
     * candidate until one answers (RFC 8445 §9), as at the start; otherwise it checks the selected
     * pair every few seconds and watches that something authenticated still comes back (RFC 7675
     * §5.1).
     *
     * @param inboundPackets authenticated media packets (RTP and RTCP) received so far
     * @return true once when consent just expired: the peer was silent for {@link PeerConfig#consentTimeout()}
     */
    boolean keepChecking(long inboundPackets) {
        ConnectivityChecks c = checks;
        IceLiteSession s = session;
        if (c == null) {
            return false;
        }
        if (s != null && s.restarting()) {
            if (System.nanoTime() - nextRestartRound >= 0) {
                c.sendRound();
                nextRestartRound = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PeerConnection.CHECK_INTERVAL_MILLIS);
            }
            return false;
        }
        if (System.nanoTime() - nextConsent >= 0) {
            c.keepAlive();
            nextConsent = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PeerConnection.CONSENT_INTERVAL_MILLIS);
        }
        return c.consentExpired(System.nanoTime(), config.consentTimeout(), inboundPackets);
    }

    /** Stops waiting for a first check. */
    void cancel() {
        connected.cancel(false);
    }

    /** Leaves the mux. */
    void close() {
        closed = true;
        IceLiteSession s = session;
        if (s != null) {
            s.close();
        }
        relays.forEach(TurnClient::close);
    }
}

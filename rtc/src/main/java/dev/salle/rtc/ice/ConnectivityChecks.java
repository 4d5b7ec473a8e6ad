package dev.salle.rtc.ice;

import dev.salle.rtc.stun.StunMessageBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/**
 * The checks a full ICE agent sends for one session (RFC 8445 §7.2): to every remote candidate
 * until one answers, then on the selected pair to keep consent fresh (RFC 7675 §5.1). A
 * controlling agent nominates with every check (USE-CANDIDATE, the way a browser facing an
 * ICE-lite server does); a controlled one sends plain checks, which also let a peer behind NAT
 * learn our address as peer-reflexive.
 *
 * <p>Only UDP host candidates of the peer are checked (what our bridge and a LiveKit server
 * announce); no server-reflexive or relay gathering is done here.
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

    private final UdpMux mux;
    private final IceLiteSession session;
    private final IceCredentials remote;
    private final boolean controlling;
    private final long tieBreaker;
    private final RandomGenerator random;
    private final List<InetSocketAddress> candidates = new CopyOnWriteArrayList<>();
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
        return true;
    }

    public List<InetSocketAddress> candidates() {
        return List.copyOf(candidates);
    }

    /** One check to every candidate; returns how many were sent. */
    public int sendRound() {
        int sent = 0;
        for (InetSocketAddress to : candidates) {
            if (send(to)) {
                sent++;
            }
        }
        return sent;
    }

    /** A check on the selected address (consent freshness); false when none is selected yet. */
    public boolean keepAlive() {
        return session.selectedAddress().map(this::send).orElse(false);
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
        if (session.selectedAddress().isEmpty()) {
            return false;
        }
        if (consent == null) {
            consent = new ConsentFreshness(timeout);
        }
        return consent.expiredNow(nowNanos, session.lastCheck(), inboundPackets);
    }

    private boolean send(InetSocketAddress to) {
        try {
            return mux.sendCheck(session, remote, to, controlling, tieBreaker, controlling,
                    StunMessageBuilder.newTransactionId(random));
        } catch (IOException e) {
            return false; // UDP: the next round may go through (an unreachable address says so here)
        }
    }
}

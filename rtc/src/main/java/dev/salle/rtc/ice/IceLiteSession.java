package dev.salle.rtc.ice;

import dev.salle.rtc.dtls.DatagramQueue;
import dev.salle.rtc.dtls.PacketTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One peer's ICE-lite session on a {@link UdpMux}: its credentials, the address its authenticated
 * checks come from, and the datagram path to it. It is the {@link PacketTransport} under DTLS;
 * RTP and RTCP datagrams go to the media listener.
 *
 * <p>Threading: the mux's receive thread fills the DTLS queue and calls the media listener; one
 * thread may {@link #receive}; any thread may {@link #send}.
 */
public final class IceLiteSession implements PacketTransport, AutoCloseable {

    /** What a session tells its owner. Called on the mux's receive thread; must not block. */
    public interface Listener {
        /** The first authenticated check arrived from {@code address}. */
        default void connected(InetSocketAddress address) {}

        /** The controlling peer nominated {@code address} (USE-CANDIDATE). */
        default void nominated(InetSocketAddress address) {}

        /** An RTP or RTCP datagram from the peer; the array is a copy the listener owns. */
        default void media(byte[] datagram) {}
    }

    static final int DTLS_QUEUE = 256;
    /** A path checked this recently keeps the selection against a worse one (UDP against TCP, both against a relay). */
    static final long UDP_PREFERRED_MILLIS = 6000;

    private final UdpMux mux;
    private volatile IceCredentials local;
    private volatile String remoteUfrag;
    /** True from an ICE restart until the first authenticated check with the new credentials. */
    private volatile boolean restarting;
    private final Listener listener;
    private final DatagramQueue dtls = new DatagramQueue(DTLS_QUEUE);
    private volatile IcePath selected;
    private final Set<TcpStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean nominated;
    private volatile Instant lastCheck;
    /** When a check last came on a path of each {@link IcePath#rank()}: direct UDP, TCP, relayed. */
    private final Instant[] lastCheckByRank = new Instant[3];
    private volatile boolean closed;

    IceLiteSession(UdpMux mux, IceCredentials local, String remoteUfrag, Listener listener) {
        this.mux = mux;
        this.local = local;
        this.remoteUfrag = remoteUfrag;
        this.listener = listener;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    /** The address datagrams go to: the nominated one, or else the latest authenticated one. */
    public Optional<InetSocketAddress> selectedAddress() {
        IcePath path = selected;
        return path == null ? Optional.empty() : Optional.of(path.remote());
    }

    IcePath selectedPath() {
        return selected;
    }

    /** Whether the selected path is direct UDP (not TCP, not relayed). */
    boolean selectedIsUdp() {
        IcePath path = selected;
        return path != null && path.rank() == 2;
    }

    /** Whether the selected path goes through one of our TURN allocations (a relayed candidate). */
    public boolean selectedIsRelayed() {
        IcePath path = selected;
        return path != null && path.relayed();
    }

    /** How we reach the TURN server of the selected path, when it is relayed; empty otherwise. */
    public java.util.Optional<dev.salle.rtc.turn.TurnServer.Transport> selectedRelayTransport() {
        return selected instanceof IcePath.Relayed r ? java.util.Optional.of(r.relay().server().transport())
                : java.util.Optional.empty();
    }

    /** Whether the selected path is an ICE-TCP connection (RFC 6544) rather than UDP. */
    public boolean selectedIsTcp() {
        IcePath path = selected;
        return path != null && path.tcp();
    }

    public boolean nominated() {
        return nominated;
    }

    /** When the last authenticated check arrived (consent freshness, RFC 7675). */
    public Optional<Instant> lastCheck() {
        return Optional.ofNullable(lastCheck);
    }

    boolean isClosed() {
        return closed;
    }

    String remoteUfrag() {
        return remoteUfrag;
    }

    /** Whether an ICE restart waits for its first authenticated check. */
    public boolean restarting() {
        return restarting;
    }

    /**
     * Switches to new credentials (an ICE restart, RFC 8445 §9): checks must now use
     * {@code newLocal}, from {@code remoteUfrag} when known (null: any, until
     * {@link #expectRemoteUfrag}). The datagram path under DTLS and SRTP stays: media keeps going
     * to the selected address until a check with the new credentials selects one, which may be
     * another. Called by {@link UdpMux#restart}, which re-keys the port.
     */
    void restartWith(IceCredentials newLocal, String newRemoteUfrag) {
        local = newLocal;
        remoteUfrag = newRemoteUfrag;
        nominated = false;
        restarting = true;
    }

    /**
     * From now on, accept checks only from this remote ufrag. For a connection where we offered
     * first, the peer's ufrag arrives with its answer, after the session was registered.
     *
     * @throws IllegalStateException when a different remote ufrag was already set (an ICE restart is a new session)
     */
    public void expectRemoteUfrag(String ufrag) {
        java.util.Objects.requireNonNull(ufrag, "ufrag");
        String current = remoteUfrag;
        if (current != null && !current.equals(ufrag)) {
            throw new IllegalStateException("ICE session " + local.ufrag() + " already expects remote ufrag " + current
                    + ", not " + ufrag + "; an ICE restart goes through UdpMux.restart");
        }
        remoteUfrag = ufrag;
    }

    /**
     * An authenticated Binding request, or an answered check of ours, on {@code from}; returns
     * true when it is the first. The latest path selects until one is nominated, then the latest
     * nominated one does (the controlling agent decides, RFC 8445 §8.1.1), except that a worse path
     * ({@link IcePath#rank()}: TCP below UDP, a relay below both) does not displace a better one
     * that had a check within {@link #UDP_PREFERRED_MILLIS}: UDP has the higher priority (RFC 6544
     * §4.2), a relayed candidate the lowest (RFC 8445 §5.1.2.2), and a full agent that nominates
     * whatever answers first (ours, while connecting) must not move the pair to TCP or a relay when
     * UDP works.
     */
    synchronized boolean checked(IcePath from, boolean useCandidate, Instant now) {
        lastCheck = now;
        IcePath current = selected;
        boolean first = current == null;
        restarting = false;
        Instant betterSeen = current == null ? null : lastCheckByRank[current.rank()];
        boolean keepUdp = current != null && from.rank() < current.rank() && betterSeen != null
                && now.toEpochMilli() - betterSeen.toEpochMilli() < UDP_PREFERRED_MILLIS;
        lastCheckByRank[from.rank()] = now;
        if (!nominated && !keepUdp && (first || !from.equals(current))) {
            selected = from;
        }
        if (first) {
            listener.connected(from.remote());
        }
        if (useCandidate && !keepUdp && (!nominated || !from.equals(selected))) {
            selected = from;
            nominated = true;
            listener.nominated(from.remote());
        }
        return first;
    }

    /** A connection that ended: forgotten. */
    void removeStream(TcpStream stream) {
        streams.remove(stream);
    }

    /** An ICE-TCP connection bound to this session: closed with it. */
    void addStream(TcpStream stream) {
        streams.add(stream);
        if (closed) {
            stream.close();
        }
    }

    boolean offerDtls(byte[] datagram) {
        return dtls.offer(datagram);
    }

    void deliverMedia(byte[] datagram) {
        listener.media(datagram);
    }

    @Override
    public void send(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the ICE session " + local.ufrag() + " is closed");
        }
        IcePath to = selected;
        if (to == null) {
            return; // no authenticated path yet: UDP semantics, dropped
        }
        to.send(buffer, offset, length);
    }

    @Override
    public int receive(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
        if (closed) {
            throw new IOException("the ICE session " + local.ufrag() + " is closed");
        }
        return dtls.poll(buffer, offset, length, timeoutMillis);
    }

    @Override
    public int mtu() {
        return 1200;
    }

    /** Leaves the port: later datagrams for this ufrag or address are dropped. */
    @Override
    public void close() {
        closed = true;
        mux.unregister(this);
        streams.forEach(TcpStream::close);
        dtls.clear();
    }

    @Override
    public String toString() {
        IcePath path = selected;
        return "IceLiteSession[" + local.ufrag() + " -> " + (path == null ? null : path.remote())
                + (path != null && path.tcp() ? "/tcp" : "") + (nominated ? " (nominated)" : "") + "]";
    }

    static byte[] copy(byte[] buf, int off, int len) {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}

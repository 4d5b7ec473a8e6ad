package dev.salle.rtc.ice;

import dev.salle.rtc.dtls.DatagramQueue;
import dev.salle.rtc.dtls.PacketTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
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

    private final UdpMux mux;
    private volatile IceCredentials local;
    private volatile String remoteUfrag;
    /** True from an ICE restart until the first authenticated check with the new credentials. */
    private volatile boolean restarting;
    private final Listener listener;
    private final DatagramQueue dtls = new DatagramQueue(DTLS_QUEUE);
    private volatile InetSocketAddress selected;
    private volatile boolean nominated;
    private volatile Instant lastCheck;
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
        return Optional.ofNullable(selected);
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

    /** An authenticated Binding request from {@code from}; returns true when the address is new. */
    boolean checked(InetSocketAddress from, boolean useCandidate, Instant now) {
        lastCheck = now;
        boolean first = selected == null;
        restarting = false;
        if (!nominated && (first || !from.equals(selected))) {
            selected = from;
        }
        if (first) {
            listener.connected(from);
        }
        if (useCandidate && (!nominated || !from.equals(selected))) {
            selected = from;
            nominated = true;
            listener.nominated(from);
        }
        return first;
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
        InetSocketAddress to = selected;
        if (to == null) {
            return; // no authenticated path yet: UDP semantics, dropped
        }
        mux.sendTo(buffer, offset, length, to);
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
        dtls.clear();
    }

    @Override
    public String toString() {
        return "IceLiteSession[" + local.ufrag() + " -> " + selected + (nominated ? " (nominated)" : "") + "]";
    }

    static byte[] copy(byte[] buf, int off, int len) {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}

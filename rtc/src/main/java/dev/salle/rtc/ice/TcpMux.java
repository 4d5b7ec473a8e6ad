package dev.salle.rtc.ice;

import dev.salle.rtc.demux.DropCounters;
import dev.salle.rtc.demux.PacketClassifier;
import dev.salle.rtc.demux.PacketKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive side of ICE over TCP (<a href="https://www.rfc-editor.org/rfc/rfc6544">RFC 6544</a>)
 * for the sessions of one {@link UdpMux}: a TCP port whose connections carry RFC 4571 frames
 * ({@link FrameReader}). A connection's first frame must be a STUN Binding request whose
 * USERNAME names a session of the mux and whose MESSAGE-INTEGRITY checks, as on UDP; it then is
 * one more path of that session, and DTLS, SRTP and the SFU above work over it unchanged.
 *
 * <p>Hostile input is bounded: a bad frame length, a first frame that is not an authenticated
 * check, no such check within {@link IceTcpLimits#firstCheckTimeout()}, or more than
 * {@link IceTcpLimits#maxPending()} connections waiting for one, closes the connection and counts
 * the reason ({@link #closes()}).
 *
 * <p>Threading: one accept thread and one reader and one writer (virtual) thread per connection.
 * Ownership: the port owns its connections; the mux belongs to the caller and should outlive it.
 */
public final class TcpMux implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpMux.class);

    private final ServerSocket server;
    private final UdpMux mux;
    private final IceTcpLimits limits;
    private final DropCounters<IceTcpCloseReason> closes = new DropCounters<>(IceTcpCloseReason.class);
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder frames = new java.util.concurrent.atomic.LongAdder();
    private final Set<TcpStream> streams = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpMux(ServerSocket server, UdpMux mux, IceTcpLimits limits) {
        this.server = server;
        this.mux = mux;
        this.limits = limits;
        this.acceptor = new Thread(this::acceptLoop, "ice-tcp-" + server.getLocalPort());
        acceptor.setDaemon(true);
    }

    /**
     * Binds the port, starts accepting, and tells {@code mux} so peer connections on it advertise
     * a passive TCP candidate for this port.
     *
     * @param bind address and TCP port; port 0 picks a free one
     * @throws IOException when the port cannot be bound; the message names it and the option to change
     */
    public static TcpMux open(InetSocketAddress bind, UdpMux mux, IceTcpLimits limits) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(bind, 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot bind the media TCP port " + bind + " (" + e.getMessage()
                    + "); choose a free port with --tcp-port, or turn ICE-TCP off with --tcp-port off", e);
        }
        TcpMux tcp = new TcpMux(server, mux, limits);
        mux.attachTcpPort(tcp.localAddress().getPort());
        tcp.acceptor.start();
        return tcp;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections closed before or instead of carrying media, by reason. */
    public DropCounters<IceTcpCloseReason> closes() {
        return closes;
    }

    /** Frames read on every connection so far. */
    public long framesReceived() {
        return frames.sum();
    }

    /** Connections open now, authenticated or not. */
    public int connectionCount() {
        return streams.size();
    }

    /** Connections waiting for their first authenticated check. */
    public int pendingCount() {
        return pending.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("media TCP port {}: accept failed; going on: {}", localAddress(), e.getMessage());
                    pauseAfterFailedAccept(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            if (pending.incrementAndGet() > limits.maxPending()) {
                pending.decrementAndGet();
                closes.increment(IceTcpCloseReason.TOO_MANY_PENDING);
                closeQuietly(socket);
                continue;
            }
            try {
                TcpStream stream = new TcpStream(socket);
                streams.add(stream);
                Thread.ofVirtual().name("ice-tcp-read-" + stream.remote()).start(() -> serve(stream));
            } catch (IOException | RuntimeException e) {
                pending.decrementAndGet();
                closeQuietly(socket);
            }
        }
    }

    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one connection: its first check, then its packets, until either side closes it. */
    private void serve(TcpStream stream) {
        boolean[] authenticated = {false};
        try {
            long deadline = System.nanoTime() + limits.firstCheckTimeout().toNanos();
            stream.readFrames((s, buf, len) -> {
                frames.increment();
                if (!authenticated[0]) {
                    if (PacketClassifier.classify(buf, 0, len) != PacketKind.STUN) {
                        throw new Refused(IceTcpCloseReason.FIRST_FRAME_NOT_A_CHECK);
                    }
                    if (mux.routeFrame(buf, len, s) == null) {
                        throw new Refused(IceTcpCloseReason.CHECK_NOT_AUTHENTICATED);
                    }
                    authenticated[0] = true;
                    pending.decrementAndGet();
                    log.debug("media TCP port: {} authenticated for session {}", s.remote(), s.session());
                    return;
                }
                mux.routeFrame(buf, len, s);
            }, deadline, () -> authenticated[0]);
            if (!authenticated[0]) {
                closes.increment(IceTcpCloseReason.CLOSED_BEFORE_CHECK);
            }
        } catch (Refused e) {
            closes.increment(e.reason);
            log.debug("media TCP port: closed {}: {}", stream.remote(), e.reason);
        } catch (FrameReader.BadLengthException e) {
            closes.increment(IceTcpCloseReason.BAD_FRAME_LENGTH);
            log.debug("media TCP port: closed {}: {}", stream.remote(), e.getMessage());
        } catch (SocketTimeoutException e) {
            closes.increment(IceTcpCloseReason.NO_CHECK_IN_TIME);
        } catch (SocketException e) {
            if (!authenticated[0] && !closed && !stream.isClosed()) {
                closes.increment(IceTcpCloseReason.CLOSED_BEFORE_CHECK);
            }
        } catch (IOException | RuntimeException e) {
            if (!closed && !stream.isClosed()) {
                log.debug("media TCP port: connection {} ended: {}", stream.remote(), e.toString());
            }
        } finally {
            if (!authenticated[0]) {
                pending.decrementAndGet();
            }
            streams.remove(stream);
            IceLiteSession session = stream.session();
            if (session != null) {
                session.removeStream(stream);
            }
            stream.close();
        }
    }

    /** A connection refused for {@link #reason}; thrown out of the frame handler. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final transient IceTcpCloseReason reason;

        Refused(IceTcpCloseReason reason) {
            super("ICE-TCP connection refused: " + reason);
            this.reason = reason;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** Closes the port and every connection on it. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing the media TCP port", e);
        }
        streams.forEach(TcpStream::close);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

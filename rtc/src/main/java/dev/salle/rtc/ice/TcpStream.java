package dev.salle.rtc.ice;

import dev.salle.rtc.io.QueuedStreamWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICE-TCP connection (RFC 6544), either side: packets go out and come in as RFC 4571 frames
 * ({@link FrameReader}). Sending never blocks the caller: frames wait in a bounded queue that a
 * writer thread drains, and a full queue drops the packet, as UDP would, so one slow peer cannot
 * stall the thread that forwards everyone's media.
 *
 * <p>Threading: {@link #send} from any thread; one reader thread runs {@link #readFrames}; the
 * writer thread is started by the constructor and ends with {@link #close()}.
 */
public final class TcpStream implements IcePath, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpStream.class);

    /** What the reader does with each frame; runs on the reader thread. */
    @FunctionalInterface
    interface FrameHandler {
        void frame(TcpStream stream, byte[] buffer, int length) throws IOException;
    }

    private final Socket socket;
    private final InetSocketAddress remote;
    private final QueuedStreamWriter writer;
    private final AtomicLong dropped = new AtomicLong();
    private volatile IceLiteSession session;
    private volatile boolean closed;

    TcpStream(Socket socket) throws IOException {
        this.socket = socket;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        socket.setTcpNoDelay(true);
        this.writer = new QueuedStreamWriter("ice-tcp-send-" + remote, socket.getOutputStream(),
                QueuedStreamWriter.NO_STALL_LIMIT, this::sendFailed);
    }

    /** Connects to a passive ICE-TCP candidate (the active side, RFC 6544 §5.1). */
    static TcpStream connect(InetSocketAddress to, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(to, timeoutMillis);
            return new TcpStream(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean tcp() {
        return true;
    }

    /** The session an authenticated check bound this connection to, or null before. */
    IceLiteSession session() {
        return session;
    }

    void bind(IceLiteSession s) {
        session = s;
        s.addStream(this);
    }

    boolean isClosed() {
        return closed;
    }

    /** Packets dropped because the send queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void send(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the ICE-TCP connection to " + remote + " is closed");
        }
        if (!writer.offer(FrameReader.frame(buffer, offset, length))) {
            dropped.incrementAndGet();
        }
    }

    private void sendFailed(String why) {
        if (!closed) {
            log.debug("ICE-TCP connection to {}: send failed: {}", remote, why);
        }
        close();
    }

    /**
     * Reads frames until the peer closes the connection or a read fails, handing each to
     * {@code handler}. {@code deadlineNanos} (from {@link System#nanoTime()}) bounds the time until
     * {@code done} says so; 0 means no deadline.
     *
     * @throws SocketTimeoutException when the deadline passed first
     * @throws FrameReader.BadLengthException at a frame length out of bounds
     * @throws IOException when the read fails or the handler refuses a frame
     */
    void readFrames(FrameHandler handler, long deadlineNanos, java.util.function.BooleanSupplier done)
            throws IOException {
        InputStream in = socket.getInputStream();
        FrameReader reader = new FrameReader();
        byte[] buffer = new byte[4096];
        FrameReader.Sink sink = (b, off, len) -> handler.frame(this, b, len);
        while (!closed) {
            boolean bounded = deadlineNanos != 0 && !done.getAsBoolean();
            if (bounded) {
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no authenticated check in time");
                }
                socket.setSoTimeout((int) Math.max(1, left));
            } else {
                socket.setSoTimeout(0);
            }
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            reader.feed(buffer, 0, n, sink);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing the ICE-TCP connection to {}", remote, e);
        }
    }

    @Override
    public String toString() {
        return "TcpStream[" + remote + "]";
    }
}

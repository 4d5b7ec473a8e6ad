package dev.salle.rtc.io;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a connection's packets from a thread of its own, so that a peer that stops reading never
 * blocks the sender (the ICE worker, a media thread): at most {@link #QUEUED} packets wait, and
 * more are refused, as a full UDP socket loses datagrams (requests are sent again, media is
 * loss-tolerant). With a stall limit, a write stuck for longer means the peer no longer reads: the
 * next {@link #offer} reports it to the failure callback, whose owner closes the stream (which also
 * ends the stuck write). A failed write is reported the same way, once.
 *
 * <p>The packets are written as given: the caller frames them (RFC 4571 for ICE over TCP) or pads
 * them (ChannelData on a TURN stream). Threading: {@link #offer} from any thread; one writer thread.
 */
public final class QueuedStreamWriter implements AutoCloseable {

    /** Packets that may wait for the stream: about 700 kB of media at most. */
    public static final int QUEUED = 512;
    /** A stall limit that never ends the connection: only a failed write does. */
    public static final Duration NO_STALL_LIMIT = Duration.ZERO;

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final OutputStream out;
    private final long stallNanos;
    private final Consumer<String> onFailure;
    private final Thread writer;
    /** When the write under way started ({@link System#nanoTime}), 0 when none is. */
    private volatile long writingSince;
    private volatile boolean closed;
    private volatile boolean failed;

    /**
     * @param name the writer thread's name
     * @param stallLimit how long one write may wait for the peer to read before the connection
     *     counts as lost, or {@link #NO_STALL_LIMIT}
     * @param onFailure told once, with the reason, when a write failed or stalled
     */
    public QueuedStreamWriter(String name, OutputStream out, Duration stallLimit, Consumer<String> onFailure) {
        this.out = out;
        this.stallNanos = stallLimit.toNanos();
        this.onFailure = onFailure;
        this.writer = Thread.ofVirtual().name(name).start(this::run);
    }

    /**
     * Queues one packet, written as it is.
     *
     * @return false when it was not queued: the queue is full, or the stream failed or is closed
     */
    public boolean offer(byte[] packet) {
        long since = writingSince;
        if (stallNanos > 0 && since != 0 && System.nanoTime() - since > stallNanos) {
            fail("the peer has not read for " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since) + " s");
        }
        return !closed && !failed && queue.offer(packet);
    }

    private void run() {
        try {
            while (!closed && !failed) {
                byte[] packet = queue.take();
                writingSince = System.nanoTime() | 1; // never 0 while writing
                out.write(packet);
                out.flush();
                writingSince = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        } catch (IOException e) {
            fail("a write failed: " + e.getMessage());
        }
    }

    private void fail(String why) {
        synchronized (this) {
            if (failed || closed) {
                return;
            }
            failed = true;
        }
        queue.clear();
        onFailure.accept(why);
    }

    /** Stops the writer; what still waits is dropped. The owner closes the stream. Idempotent. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        writer.interrupt();
    }
}

package dev.salle.rtc.turn;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a TURN client's messages to its TCP or TLS stream from a thread of its own, so that a
 * server that stops reading never blocks the sender (the ICE worker, a media thread): at most
 * {@link #QUEUED} messages wait, and more are refused, as a full UDP socket loses datagrams
 * (requests are sent again, media is loss-tolerant). A write stuck for longer than the stall limit
 * means the server no longer reads: the next {@link #offer} reports it to the failure callback,
 * whose owner closes the stream (which also ends the stuck write). A failed write is reported the
 * same way. Threading: {@link #offer} from any thread; one writer thread.
 */
final class TurnStreamWriter implements AutoCloseable {

    /** Messages that may wait for the stream: about 700 kB of media at most. */
    static final int QUEUED = 512;
    private static final long POLL_MILLIS = 200;

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
     * @param stallLimit how long one write may wait for the server to read before the connection counts as lost
     * @param onFailure told once, with the reason, when a write failed or stalled
     */
    TurnStreamWriter(String name, OutputStream out, Duration stallLimit, Consumer<String> onFailure) {
        this.out = out;
        this.stallNanos = stallLimit.toNanos();
        this.onFailure = onFailure;
        this.writer = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /**
     * Queues one message, padded to a multiple of 4 bytes (RFC 8656 section 12.5: ChannelData on
     * a stream; STUN messages already are).
     *
     * @return false when it was not queued: the queue is full, or the stream failed or is closed
     */
    boolean offer(byte[] message, int length) {
        long since = writingSince;
        if (since != 0 && System.nanoTime() - since > stallNanos) {
            fail("the server has not read for " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since) + " s");
        }
        if (closed || failed) {
            return false;
        }
        byte[] padded = new byte[(length + 3) & ~3];
        System.arraycopy(message, 0, padded, 0, length);
        return queue.offer(padded);
    }

    private void run() {
        try {
            while (!closed && !failed) {
                byte[] message = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (message == null) {
                    continue;
                }
                writingSince = System.nanoTime() | 1; // never 0 while writing
                out.write(message);
                out.flush();
                writingSince = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

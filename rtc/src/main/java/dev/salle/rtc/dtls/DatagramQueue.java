package dev.salle.rtc.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The inbound half of a {@link PacketTransport} whose datagrams are read by another thread (a
 * socket's receive loop): that thread {@link #offer}s DTLS datagrams, the DTLS stack
 * {@link #poll}s them with its timeout. Bounded: when full, offers fail and the caller counts the
 * drop (DTLS retransmits). Thread-safe.
 */
public final class DatagramQueue {

    private final BlockingQueue<byte[]> queue;

    /** @param capacity datagrams held at most */
    public DatagramQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues a datagram the caller no longer touches; false when the queue is full. */
    public boolean offer(byte[] datagram) {
        return queue.offer(datagram);
    }

    /**
     * Copies the next datagram into {@code buffer} (cut to {@code length}), waiting up to
     * {@code timeoutMillis}, as {@link PacketTransport#receive} does.
     *
     * @return its length, or -1 when none came in time
     * @throws IOException when the waiting thread is interrupted (the interrupt flag is kept)
     */
    public int poll(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
        byte[] d;
        try {
            d = queue.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a DTLS datagram", e);
        }
        if (d == null) {
            return -1;
        }
        int n = Math.min(length, d.length);
        System.arraycopy(d, 0, buffer, offset, n);
        return n;
    }

    /** Drops what is queued. */
    public void clear() {
        queue.clear();
    }
}

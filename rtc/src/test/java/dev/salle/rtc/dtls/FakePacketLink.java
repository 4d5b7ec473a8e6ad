package dev.salle.rtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two in-memory {@link PacketTransport} ends joined by queues, with optional seeded loss,
 * reordering and duplication, and {@link End#inject} to push arbitrary datagrams at one end.
 */
final class FakePacketLink {

    static final int MTU = 1200;

    private final Random random;
    private final double lossRate;
    private final double reorderRate;
    private final double duplicateRate;
    private final End a;
    private final End b;

    private FakePacketLink(long seed, double lossRate, double reorderRate, double duplicateRate) {
        this.random = new Random(seed);
        this.lossRate = lossRate;
        this.reorderRate = reorderRate;
        this.duplicateRate = duplicateRate;
        this.a = new End("a");
        this.b = new End("b");
        a.peer = b;
        b.peer = a;
    }

    /** A link that delivers every datagram once, in order. */
    static FakePacketLink perfect() {
        return new FakePacketLink(0, 0, 0, 0);
    }

    /** A link that drops, holds back (reorders) and duplicates datagrams with a seeded Random. */
    static FakePacketLink impaired(long seed, double lossRate, double reorderRate, double duplicateRate) {
        return new FakePacketLink(seed, lossRate, reorderRate, duplicateRate);
    }

    End a() {
        return a;
    }

    End b() {
        return b;
    }

    /** One end of the link. */
    final class End implements PacketTransport {
        private final String name;
        private final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger dropped = new AtomicInteger();
        private End peer;
        private byte[] heldBack;

        private End(String name) {
            this.name = name;
        }

        @Override
        public void send(byte[] buffer, int offset, int length) {
            byte[] datagram = Arrays.copyOfRange(buffer, offset, offset + length);
            sent.incrementAndGet();
            synchronized (random) {
                if (random.nextDouble() < lossRate) {
                    dropped.incrementAndGet();
                    return;
                }
                if (heldBack == null && random.nextDouble() < reorderRate) {
                    heldBack = datagram;
                    return;
                }
                peer.inbox.add(datagram);
                if (random.nextDouble() < duplicateRate) {
                    peer.inbox.add(datagram.clone());
                }
                if (heldBack != null) {
                    peer.inbox.add(heldBack);
                    heldBack = null;
                }
            }
        }

        @Override
        public int receive(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            byte[] datagram;
            try {
                datagram = inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("fake link end " + name + " interrupted in receive");
            }
            if (datagram == null) {
                return -1;
            }
            int copied = Math.min(length, datagram.length);
            System.arraycopy(datagram, 0, buffer, offset, copied);
            return copied;
        }

        @Override
        public int mtu() {
            return MTU;
        }

        /** Puts a datagram into this end's inbox as if the peer had sent it. */
        void inject(byte[] datagram) {
            inbox.add(datagram.clone());
        }

        int sent() {
            return sent.get();
        }

        int dropped() {
            return dropped.get();
        }
    }
}

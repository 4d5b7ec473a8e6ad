package dev.salle.rtc.sctp;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One direction of an in-memory packet link between two associations: packets are queued and
 * delivered on a thread of their own, as a DTLS reader would (delivering inside the sender's
 * output callback would re-enter usrsctp while it holds the sender's locks).
 */
final class SctpPipe implements SctpAssociation.PacketSender {

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final String name;
    private Thread thread;
    private volatile Consumer<byte[]> receiver;
    private volatile double lossRate;
    private final java.util.Random random = new java.util.Random(42);

    SctpPipe(String name) {
        this.name = name;
    }

    /**
     * Starts delivering to the far association's {@code receive}; packets sent before wait in the
     * queue (call it after both ends started, as a DTLS reader starts after the association).
     */
    void deliverTo(SctpAssociation far) {
        receiver = packet -> far.receive(packet, 0, packet.length);
        thread = Thread.ofPlatform().daemon().name("sctp-pipe-" + name).start(this::run);
    }

    /** From now on, drops each packet with this probability, from a seeded Random. */
    void lose(double rate) {
        lossRate = rate;
    }

    @Override
    public boolean send(byte[] packet) {
        if (!open.get()) {
            return false;
        }
        boolean lost;
        synchronized (random) {
            lost = lossRate > 0 && random.nextDouble() < lossRate;
        }
        if (!lost) {
            queue.add(packet);
        }
        return true;
    }

    private void run() {
        while (open.get()) {
            try {
                byte[] packet = queue.poll(50, TimeUnit.MILLISECONDS);
                if (packet != null) {
                    receiver.accept(packet);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void close() throws InterruptedException {
        open.set(false);
        if (thread != null) {
            thread.interrupt();
            thread.join(2000);
        }
    }
}

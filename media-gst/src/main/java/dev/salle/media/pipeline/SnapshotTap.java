package dev.salle.media.pipeline;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * JPEG snapshots on demand: the encoder branch sits behind a valve that is open only while someone
 * asked for a snapshot within the last {@code demand} (by the {@link #clock}); while closed the
 * branch encodes nothing. The first sample after the demand ran out closes the valve again, so
 * at most one more JPEG is encoded.
 *
 * <p>Threads: the request methods from any thread; the appsink callback on the branch's streaming
 * thread. State changes under one lock.
 */
final class SnapshotTap {

    private final Element valve;
    private final Clock clock;
    private final Duration demand;
    private final AppSink.NEW_SAMPLE callback = this::onNewSample;
    private final Object lock = new Object();
    private byte[] latest;
    private long count;
    private boolean open;
    private Instant lastRequest = Instant.MIN;
    /** The count when the valve last opened: a JPEG is fresh when the count has passed it. */
    private long countAtOpening;

    SnapshotTap(AppSink sink, Element valve, Clock clock, Duration demand) {
        this.valve = valve;
        this.clock = clock;
        this.demand = demand;
        valve.set("drop", true);
        sink.set("emit-signals", true);
        sink.connect(callback);
    }

    /** Records a request (the encoder runs for {@code demand} from now); does not wait. */
    void request() {
        synchronized (lock) {
            requestLocked();
        }
    }

    /**
     * Records a request and returns a fresh JPEG: the latest when the encoder was running already,
     * else the first encoded after this call, waiting at most {@code maxWait}; when none arrives in
     * time, the latest there is (older), or empty when there never was one.
     */
    Optional<byte[]> fresh(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (lock) {
            requestLocked();
            while (count <= countAtOpening) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return latest == null ? Optional.empty() : Optional.of(latest.clone());
        }
    }

    /** The latest JPEG encoded, however old; no request. A copy. */
    Optional<byte[]> latest() {
        synchronized (lock) {
            return latest == null ? Optional.empty() : Optional.of(latest.clone());
        }
    }

    long count() {
        synchronized (lock) {
            return count;
        }
    }

    /** Whether the encoder branch's valve lets frames through now. */
    boolean running() {
        synchronized (lock) {
            return open;
        }
    }

    private void requestLocked() {
        lastRequest = clock.instant();
        if (!open) {
            open = true;
            countAtOpening = count;
            valve.set("drop", false);
        }
    }

    private FlowReturn onNewSample(AppSink sink) {
        Sample sample = sink.pullSample();
        if (sample == null) {
            return FlowReturn.EOS;
        }
        byte[] jpeg;
        try {
            Buffer buffer = sample.getBuffer();
            ByteBuffer mapped = buffer.map(false);
            try {
                jpeg = new byte[mapped.remaining()];
                mapped.get(jpeg);
            } finally {
                buffer.unmap();
            }
        } finally {
            sample.dispose();
        }
        synchronized (lock) {
            latest = jpeg;
            count++;
            if (open && clock.instant().isAfter(lastRequest.plus(demand))) {
                open = false;
                valve.set("drop", true);
            }
            lock.notifyAll();
        }
        return FlowReturn.OK;
    }
}

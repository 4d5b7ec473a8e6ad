package dev.salle.media.pipeline;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * Copies RTP packets into an appsrc and counts what it took and what it refused (bad bounds, or
 * the pipeline not accepting). Thread-safe; called from the network thread.
 */
final class RtpSourceFeed {

    private final AppSrc source;
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    RtpSourceFeed(AppSrc source) {
        this.source = source;
    }

    void push(byte[] packet, int offset, int length) {
        if (length <= 0 || offset < 0 || offset + length > packet.length) {
            refused.incrementAndGet();
            return;
        }
        Buffer buffer = new Buffer(length);
        ByteBuffer mapped = buffer.map(true);
        try {
            mapped.put(packet, offset, length);
        } finally {
            buffer.unmap();
        }
        if (source.pushBuffer(buffer) == FlowReturn.OK) {
            pushed.incrementAndGet();
        } else {
            refused.incrementAndGet();
        }
    }

    long pushed() {
        return pushed.get();
    }

    long refused() {
        return refused.get();
    }
}

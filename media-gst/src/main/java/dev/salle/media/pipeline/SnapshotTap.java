package dev.salle.media.pipeline;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;

/** Keeps a copy of the latest JPEG from an appsink. The callback runs on the streaming thread. */
final class SnapshotTap {

    private final AtomicReference<byte[]> latest = new AtomicReference<>();
    private final AtomicLong count = new AtomicLong();
    private final AppSink.NEW_SAMPLE callback = this::onNewSample;

    SnapshotTap(AppSink sink) {
        sink.set("emit-signals", true);
        sink.connect(callback);
    }

    Optional<byte[]> latest() {
        byte[] jpeg = latest.get();
        return jpeg == null ? Optional.empty() : Optional.of(jpeg.clone());
    }

    long count() {
        return count.get();
    }

    private FlowReturn onNewSample(AppSink sink) {
        Sample sample = sink.pullSample();
        if (sample == null) {
            return FlowReturn.EOS;
        }
        try {
            Buffer buffer = sample.getBuffer();
            ByteBuffer mapped = buffer.map(false);
            try {
                byte[] jpeg = new byte[mapped.remaining()];
                mapped.get(jpeg);
                latest.set(jpeg);
                count.incrementAndGet();
            } finally {
                buffer.unmap();
            }
        } finally {
            sample.dispose();
        }
        return FlowReturn.OK;
    }
}

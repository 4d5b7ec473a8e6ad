package dev.salle.media.pipeline;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * Copies GRAY8 frames from the scanning branch's appsink to a consumer, on the streaming thread.
 * Without a consumer set, frames are pulled and dropped.
 */
final class ScanTap {

    private final AtomicReference<Consumer<GrayFrame>> consumer = new AtomicReference<>();
    private final AtomicLong frames = new AtomicLong();
    private final AppSink.NEW_SAMPLE callback = this::onNewSample;

    ScanTap(AppSink sink) {
        sink.set("emit-signals", true);
        sink.connect(callback);
    }

    void setConsumer(Consumer<GrayFrame> c) {
        consumer.set(c);
    }

    long frames() {
        return frames.get();
    }

    private FlowReturn onNewSample(AppSink sink) {
        Sample sample = sink.pullSample();
        if (sample == null) {
            return FlowReturn.EOS;
        }
        try {
            Consumer<GrayFrame> c = consumer.get();
            if (c == null) {
                return FlowReturn.OK;
            }
            Structure caps = sample.getCaps().getStructure(0);
            int width = caps.getInteger("width");
            int height = caps.getInteger("height");
            Buffer buffer = sample.getBuffer();
            ByteBuffer mapped = buffer.map(false);
            byte[] pixels;
            try {
                pixels = new byte[mapped.remaining()];
                mapped.get(pixels);
            } finally {
                buffer.unmap();
            }
            int stride = height > 0 ? pixels.length / height : width;
            frames.incrementAndGet();
            c.accept(new GrayFrame(pixels, width, height, stride));
        } finally {
            sample.dispose();
        }
        return FlowReturn.OK;
    }
}

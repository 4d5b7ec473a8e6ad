package dev.salle.media.pipeline;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls each RTP packet out of an appsink and hands a copy to the listener. Holds the callback
 * strongly: JNA frees a callback whose Java object is collected, and GStreamer would then call
 * freed memory. Runs on the streaming thread.
 */
final class RtpSinkTap {

    private static final Logger LOG = LoggerFactory.getLogger(RtpSinkTap.class);

    private final String pipelineName;
    private final RtpPacketListener listener;
    private final AppSink.NEW_SAMPLE callback = this::onNewSample;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    RtpSinkTap(String pipelineName, AppSink sink, RtpPacketListener listener) {
        this.pipelineName = pipelineName;
        this.listener = listener;
        sink.set("emit-signals", true);
        sink.connect(callback);
    }

    long packets() {
        return packets.get();
    }

    long listenerFailures() {
        return listenerFailures.get();
    }

    private FlowReturn onNewSample(AppSink sink) {
        Sample sample = sink.pullSample();
        if (sample == null) {
            return FlowReturn.EOS;
        }
        byte[] packet;
        try {
            Buffer buffer = sample.getBuffer();
            ByteBuffer mapped = buffer.map(false);
            try {
                packet = new byte[mapped.remaining()];
                mapped.get(packet);
            } finally {
                buffer.unmap();
            }
        } finally {
            sample.dispose();
        }
        packets.incrementAndGet();
        try {
            listener.onRtpPacket(packet);
        } catch (Throwable t) {
            listenerFailures.incrementAndGet();
            LOG.debug("RTP listener of pipeline {} failed on a {}-byte packet", pipelineName, packet.length, t);
        }
        return FlowReturn.OK;
    }
}

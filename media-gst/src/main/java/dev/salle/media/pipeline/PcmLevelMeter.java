package dev.salle.media.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeInfo;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Structure;

/**
 * Counts the audio frames (samples per channel) that pass a pad, and separately those that are
 * not silent: a frame with any sample above {@link #SILENCE_THRESHOLD} in magnitude (of full
 * scale 32768, about -60 dBFS). Reads the pad's negotiated caps: S16LE and F32LE are measured; any
 * other format is counted but never audible. The probe runs on the streaming thread; the counters
 * may be read from any thread. Holds the probe callback strongly.
 */
final class PcmLevelMeter {

    static final int SILENCE_THRESHOLD = 32;

    private final Pad.PROBE probe = this::onBuffer;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong audibleFrames = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    PcmLevelMeter(Pad pad) {
        pad.addProbe(PadProbeType.BUFFER, probe);
    }

    long frames() {
        return frames.get();
    }

    long audibleFrames() {
        return audibleFrames.get();
    }

    /**
     * Never throws: an exception out of a JNA callback would return 0, which GStreamer reads as
     * GST_PAD_PROBE_DROP, and the loudspeaker would go silent.
     */
    private PadProbeReturn onBuffer(Pad pad, PadProbeInfo info) {
        try {
            measure(pad, info);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
        }
        return PadProbeReturn.OK;
    }

    /** Buffers that could not be measured (counted, never thrown). */
    long failures() {
        return failures.get();
    }

    private void measure(Pad pad, PadProbeInfo info) {
        Buffer buffer = info.getBuffer();
        Caps caps = buffer == null ? null : pad.getCurrentCaps();
        if (caps == null) {
            return;
        }
        if (caps.size() == 0) {
            caps.dispose();
            return;
        }
        String format;
        int channels;
        try {
            Structure s = caps.getStructure(0);
            format = s.hasField("format") ? s.getString("format") : "";
            channels = s.hasField("channels") ? Math.max(1, s.getInteger("channels")) : 1;
        } finally {
            caps.dispose();
        }
        ByteBuffer pcm = buffer.map(false);
        try {
            pcm.order(ByteOrder.LITTLE_ENDIAN);
            switch (format) {
                case "S16LE" -> count(pcm, channels, 2, true);
                case "F32LE" -> count(pcm, channels, 4, false);
                default -> frames.addAndGet(pcm.remaining() / (channels * bytesPerSample(format)));
            }
        } finally {
            buffer.unmap();
        }
    }

    private void count(ByteBuffer pcm, int channels, int bytesPerSample, boolean s16) {
        int frameBytes = channels * bytesPerSample;
        int n = pcm.remaining() / frameBytes;
        long audible = 0;
        int start = pcm.position();
        for (int f = 0; f < n; f++) {
            for (int c = 0; c < channels; c++) {
                int at = start + (f * channels + c) * bytesPerSample;
                double magnitude = s16 ? Math.abs(pcm.getShort(at)) : Math.abs(pcm.getFloat(at) * 32768.0);
                if (magnitude > SILENCE_THRESHOLD) {
                    audible++;
                    break;
                }
            }
        }
        frames.addAndGet(n);
        audibleFrames.addAndGet(audible);
    }

    private static int bytesPerSample(String format) {
        if (format.startsWith("F64")) {
            return 8;
        }
        if (format.startsWith("S32") || format.startsWith("U32") || format.startsWith("F32") || format.startsWith("S24_32")) {
            return 4;
        }
        if (format.startsWith("S24") || format.startsWith("U24")) {
            return 3;
        }
        return format.startsWith("S8") || format.startsWith("U8") ? 1 : 2;
    }
}

package dev.salle.media.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The playback side of echo cancellation: what the loudspeaker plays passes through a
 * {@code webrtcechoprobe}, which {@code webrtcdsp} in the {@link AudioSendPipeline} reads as the
 * far-end signal. Until remote audio is wired in, it plays silence from {@code audiotestsrc}.
 *
 * <p>webrtcdsp looks the probe up by element name when it starts (READY to PAUSED), so this
 * pipeline must be built before the send pipeline starts and must outlive it; it need not be
 * playing yet (measured on GStreamer 1.22; without the probe webrtcdsp posts "No echo probe with
 * name ... found"). Probe names are unique per process.
 * Events arrive on the shared GStreamer bus thread. {@link #close()} may be called twice.
 */
public final class EchoProbePipeline implements AutoCloseable {

    static final String NAME = "echo-probe";
    private static final AtomicInteger NEXT_PROBE = new AtomicInteger();

    private final String probeName;
    private final LivePipeline pipeline;
    private volatile boolean closed;

    /**
     * @param audible true plays through {@code autoaudiosink} (a device with speakers), false into
     *                {@code fakesink} (headless, tests)
     */
    public EchoProbePipeline(boolean audible) {
        this.probeName = "salle-echo-probe-" + NEXT_PROBE.getAndIncrement();
        String sink = audible ? "autoaudiosink" : "fakesink sync=true";
        this.pipeline = new LivePipeline(NAME, "audiotestsrc name=remote is-live=true wave=silence"
                + " ! audioconvert ! audioresample ! capsfilter caps=\"" + AudioSendPipeline.DSP_CAPS + "\""
                + " ! webrtcechoprobe name=" + probeName + " ! audioconvert ! " + sink + " name=speaker");
    }

    /** The probe's element name, to set as webrtcdsp's {@code probe} property. */
    public String probeName() {
        return probeName;
    }

    public void addListener(Consumer<PipelineEvent> listener) {
        pipeline.addListener(listener);
    }

    public void start() {
        pipeline.play();
    }

    /** True once {@link #close()} ran: the probe element no longer exists. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        pipeline.close();
    }
}

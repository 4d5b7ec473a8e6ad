package dev.salle.media.pipeline;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The playback side: remote participants' audio to the loudspeaker, through a
 * {@code webrtcechoprobe} that {@code webrtcdsp} in the {@link AudioSendPipeline} reads as the
 * far-end signal. A fixed number of slots, each an {@code interaudiosrc} on its own channel
 * ({@link #audioChannel(int)}, where a {@link RemoteAudioPipeline} publishes), is mixed by
 * {@code audiomixer} with a silent {@code audiotestsrc} that keeps the mixer running when no one
 * speaks; everything is 48 kHz mono S16LE, the echo canceller's format.
 *
 * <pre>
 * audiotestsrc wave=silence ! caps ─┐
 * interaudiosrc channel=slot 0 ! audioconvert ! audioresample ! caps ─┤ audiomixer
 * …                                                                    ┘   ! webrtcechoprobe ! audioconvert ! speaker
 * </pre>
 *
 * <p>webrtcdsp looks the probe up by element name when it starts (READY to PAUSED), so this
 * pipeline must be built before the send pipeline starts and must outlive it; it need not be
 * playing yet (measured on GStreamer 1.22; without the probe webrtcdsp posts "No echo probe with
 * name ... found"). Probe names and channels are unique per process.
 *
 * <p>Threads: the sample counters are updated on the speaker's streaming thread and may be read
 * from any thread; events arrive on the shared GStreamer bus thread. Owns its native pipeline;
 * {@link #close()} may be called twice.
 */
public final class EchoProbePipeline implements AutoCloseable {

    /** The pipeline's name in its {@link PipelineEvent}s. */
    public static final String NAME = "echo-probe";
    public static final int DEFAULT_SLOTS = 5;
    public static final int MAX_SLOTS = 16;
    private static final AtomicInteger NEXT_PROBE = new AtomicInteger();

    private final String probeName;
    private final List<String> channels;
    private final LivePipeline pipeline;
    private final PcmLevelMeter meter;
    private volatile boolean closed;

    /** {@value #DEFAULT_SLOTS} remote audio slots. */
    public EchoProbePipeline(boolean audible) {
        this(audible, DEFAULT_SLOTS);
    }

    /**
     * Builds (does not start) the playback pipeline.
     *
     * @param audible true plays through {@code autoaudiosink} (a device with speakers), false into
     *                {@code fakesink sync=true} (headless, tests)
     * @param slots   remote audio slots, 0..{@value #MAX_SLOTS}
     */
    public EchoProbePipeline(boolean audible, int slots) {
        VideoSendConfig.requireRange("echo probe audio slots", slots, 0, MAX_SLOTS);
        this.probeName = "salle-echo-probe-" + NEXT_PROBE.getAndIncrement();
        this.channels = IntStream.range(0, slots).mapToObj(slot -> probeName + "-audio-" + slot).toList();
        String caps = " ! audioconvert ! audioresample ! capsfilter caps=\"" + AudioSendPipeline.DSP_CAPS + "\"";
        StringBuilder d = new StringBuilder("audiomixer name=mixer ! capsfilter caps=\"")
                .append(AudioSendPipeline.DSP_CAPS).append('"')
                .append(" ! webrtcechoprobe name=").append(probeName).append(" ! audioconvert ! ")
                .append(audible ? "autoaudiosink" : "fakesink sync=true").append(" name=speaker")
                .append(" audiotestsrc name=silence is-live=true wave=silence").append(caps).append(" ! mixer.");
        for (int slot = 0; slot < slots; slot++) {
            d.append(" interaudiosrc name=remote").append(slot).append(" channel=").append(channels.get(slot))
                    .append(caps).append(" ! mixer.");
        }
        this.pipeline = new LivePipeline(NAME, d.toString());
        this.meter = new PcmLevelMeter(pipeline.element("speaker").getStaticPad("sink"));
    }

    /** The probe's element name, to set as webrtcdsp's {@code probe} property. */
    public String probeName() {
        return probeName;
    }

    /**
     * The interaudio channel of remote audio slot {@code slot}: give it to the
     * {@link RemoteAudioPipeline} whose audio the slot plays. Fixed for the life of this pipeline.
     *
     * @throws IllegalArgumentException unless 0 ≤ slot < the number of slots
     */
    public String audioChannel(int slot) {
        if (slot < 0 || slot >= channels.size()) {
            throw new IllegalArgumentException("audio slot is " + slot + "; this echo probe has " + channels.size()
                    + " slots, allowed 0.." + (channels.size() - 1));
        }
        return channels.get(slot);
    }

    /** Number of remote audio slots. */
    public int audioSlots() {
        return channels.size();
    }

    /** Audio frames (samples per channel) that reached the speaker's sink pad so far, silent or not. */
    public long samplesPlayed() {
        return meter.frames();
    }

    /** Of {@link #samplesPlayed()}, those with a sample above the silence threshold (about -60 dBFS). */
    public long audibleSamplesPlayed() {
        return meter.audibleFrames();
    }

    /** Speaker buffers the meter could not read (a bug if ever non-zero; the audio still plays). */
    long unmeasuredBuffers() {
        return meter.failures();
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

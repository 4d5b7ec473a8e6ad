package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;
import java.util.Objects;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * Microphone to Opus RTP: source → audioconvert → audioresample → 48 kHz mono S16LE → webrtcdsp
 * (echo cancellation against the {@link EchoProbePipeline}, noise suppression, gain control) →
 * opusenc (20 ms frames) → rtpopuspay → appsink → listener.
 *
 * <p>Threads: RTP packets reach the {@link RtpPacketListener} on the capture streaming thread;
 * {@link PipelineEvent}s arrive on the shared GStreamer bus thread. The probe pipeline is not owned: the
 * caller starts it before {@link #start()} and closes it after {@link #close()}.
 */
public final class AudioSendPipeline implements AutoCloseable {

    /** The pipeline's name in its {@link PipelineEvent}s. */
    public static final String NAME = "audio-send";
    static final String DSP_CAPS = "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=1";

    private final LivePipeline pipeline;
    private final EchoProbePipeline probe;
    private final Element dsp;
    private final RtpSinkTap tap;

    public AudioSendPipeline(AudioSendConfig config, ElementChoice source, EchoProbePipeline probe,
            RtpPacketListener listener) {
        Objects.requireNonNull(config, "config");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.pipeline = new LivePipeline(NAME, source.launchFragment("mic")
                + " ! audioconvert ! audioresample ! capsfilter caps=\"" + DSP_CAPS + "\""
                + " ! webrtcdsp name=dsp probe=" + probe.probeName()
                + " echo-cancel=" + config.echoCancel() + " noise-suppression=" + config.noiseSuppression()
                + " gain-control=" + config.gainControl()
                + " ! audioconvert ! opusenc name=aenc frame-size=20 bitrate=" + config.opusBitrateBps()
                + " ! rtpopuspay name=pay pt=" + config.payloadType() + " mtu=1200"
                + " ! appsink name=rtpsink emit-signals=true sync=false max-buffers=64 drop=false");
        this.dsp = pipeline.element("dsp");
        AppSink sink = (AppSink) pipeline.element("rtpsink");
        this.tap = new RtpSinkTap(NAME, sink, Objects.requireNonNull(listener, "listener"));
    }

    public void addListener(Consumer<PipelineEvent> listener) {
        pipeline.addListener(listener);
    }

    /** Starts capture; the echo probe pipeline must still be open (it need not be playing yet). */
    public void start() {
        if (probe.isClosed()) {
            throw new IllegalStateException("echo probe " + probe.probeName() + " is closed; webrtcdsp needs it "
                    + "to start: create the EchoProbePipeline first and close it after the AudioSendPipeline");
        }
        pipeline.play();
    }

    /** The webrtcdsp probe name in use (what webrtcdsp reads back). */
    public String dspProbeName() {
        return (String) dsp.get("probe");
    }

    public long packetsSent() {
        return tap.packets();
    }

    @Override
    public void close() {
        pipeline.close();
    }
}

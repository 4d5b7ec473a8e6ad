package dev.salle.media.pipeline;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeInfo;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * One remote participant's audio, from Opus RTP to PCM: appsrc → rtpjitterbuffer → rtpopusdepay →
 * opusdec (with packet-loss concealment) → 48 kHz mono S16 (what the echo canceller works in) →
 * interaudiosink on {@link #channel()}, where the playback pipeline mixes it. Samples are counted
 * as they reach that sink.
 *
 * <p>Threads as {@link RemoteVideoPipeline}: {@link #push} from the network thread, the sample
 * probe on the streaming thread, events on the bus thread. {@link #close()} may be called twice.
 */
public final class RemoteAudioPipeline implements AutoCloseable {

    /** Opus over RTP: 48 kHz clock (RFC 7587). */
    public static final int CLOCK_RATE = 48_000;
    private static final int BYTES_PER_SAMPLE = 2; // S16 mono
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9-]{1,64}");

    private final String channel;
    private final LivePipeline pipeline;
    private final RtpSourceFeed feed;
    private final Pad.PROBE sampleProbe = this::onPcm;
    private final AtomicLong samples = new AtomicLong();

    /**
     * @param payloadType the negotiated Opus payload type, 96..127
     * @param channel the interaudio channel: lower-case letters, digits and '-'
     */
    public RemoteAudioPipeline(int payloadType, String channel) {
        if (payloadType < 96 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type " + payloadType + " is not dynamic (96..127)");
        }
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("interaudio channel '" + channel
                    + "' must be 1 to 64 lower-case letters, digits or '-'");
        }
        this.channel = channel;
        String caps = "application/x-rtp,media=audio,clock-rate=" + CLOCK_RATE + ",encoding-name=OPUS,payload="
                + payloadType;
        this.pipeline = new LivePipeline("remote-audio-" + channel,
                "appsrc name=rtpsrc is-live=true format=time do-timestamp=true max-bytes=500000 caps=\"" + caps + "\""
                + " ! rtpjitterbuffer latency=" + RemoteVideoPipeline.JITTER_LATENCY_MILLIS + " drop-on-latency=true"
                + " ! rtpopusdepay ! opusdec plc=true ! audioconvert ! audioresample"
                + " ! capsfilter caps=\"" + AudioSendPipeline.DSP_CAPS + "\""
                + " ! interaudiosink name=out channel=" + channel + " sync=false");
        this.feed = new RtpSourceFeed((AppSrc) pipeline.element("rtpsrc"));
        pipeline.element("out").getStaticPad("sink").addProbe(PadProbeType.BUFFER, sampleProbe);
    }

    public String channel() {
        return channel;
    }

    public void addListener(Consumer<PipelineEvent> listener) {
        pipeline.addListener(listener);
    }

    public void start() {
        pipeline.play();
    }

    /** Hands one unprotected RTP packet to the jitter buffer; bad bounds are refused and counted. */
    public void push(byte[] packet, int offset, int length) {
        feed.push(packet, offset, length);
    }

    /** PCM samples (48 kHz mono) handed to the mixer so far. */
    public long samplesDecoded() {
        return samples.get();
    }

    public long packetsPushed() {
        return feed.pushed();
    }

    public long packetsRefused() {
        return feed.refused();
    }

    private PadProbeReturn onPcm(Pad pad, PadProbeInfo info) {
        Buffer b = info.getBuffer();
        if (b != null) {
            ByteBuffer pcm = b.map(false);
            try {
                samples.addAndGet(pcm.remaining() / BYTES_PER_SAMPLE);
            } finally {
                b.unmap();
            }
        }
        return PadProbeReturn.OK;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}

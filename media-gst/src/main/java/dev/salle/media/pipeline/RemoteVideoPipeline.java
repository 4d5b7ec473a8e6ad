package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * One remote participant's video, from RTP to a tile: appsrc → rtpjitterbuffer → depayloader →
 * decoder (hardware first, see {@code ElementChooser.videoDecoder}) → videoconvert/videoscale to
 * the tile size → intervideosink on {@link #channel()}, where the display pipeline's compositor
 * picks it up. Decoded frames are counted as they reach that sink. The tile size follows the
 * display's layout ({@link #setTileSize}, from {@link DisplayPipeline#tileSize}), so each decoded
 * frame is scaled once, at the decoder's rate, and the display copies it as it is.
 *
 * <p>Threads: {@link #push} from the network thread (it copies the packet into a GStreamer
 * buffer and returns); the frame probe runs on the decoder's streaming thread; events on the bus
 * thread. Owns its native pipeline; {@link #close()} releases it and may be called twice.
 */
public final class RemoteVideoPipeline implements AutoCloseable {

    /** How long the jitter buffer waits for late or reordered packets. */
    public static final int JITTER_LATENCY_MILLIS = 100;
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9-]{1,64}");

    private final String channel;
    private final LivePipeline pipeline;
    private final RtpSourceFeed feed;
    private final Pad.PROBE frameProbe = this::onFrame;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong firstFrameNanos = new AtomicLong(Long.MIN_VALUE);
    private final TileSizeFilter sizeFilter;

    /**
     * Builds (does not start) the pipeline.
     *
     * @param encodingName {@code H264} or {@code VP8}, as negotiated
     * @param payloadType the negotiated RTP payload type
     * @param decoder the chosen decoder for that encoding
     * @param channel the intervideo channel the tile is published on: lower-case letters, digits and '-'
     * @param width tile width in pixels, 16 to 3840
     * @param height tile height in pixels, 16 to 2160
     */
    public RemoteVideoPipeline(String encodingName, int payloadType, ElementChoice decoder, String channel, int width,
            int height) {
        String encoding = encodingName.toUpperCase(Locale.ROOT);
        if (!encoding.equals("H264") && !encoding.equals("VP8")) {
            throw new IllegalArgumentException("remote video encoding '" + encodingName + "' is not decoded here;"
                    + " declare H264 and VP8 only");
        }
        if (payloadType < 96 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type " + payloadType + " is not dynamic (96..127)");
        }
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("intervideo channel '" + channel
                    + "' must be 1 to 64 lower-case letters, digits or '-'");
        }
        VideoSendConfig.requireRange("tile width", width, 16, 3840);
        VideoSendConfig.requireRange("tile height", height, 16, 2160);
        this.channel = channel;
        String caps = "application/x-rtp,media=video,clock-rate=90000,encoding-name=" + encoding + ",payload="
                + payloadType;
        String depay = encoding.equals("H264") ? "rtph264depay ! h264parse" : "rtpvp8depay";
        String description = "appsrc name=rtpsrc is-live=true format=time do-timestamp=true max-bytes=2000000"
                + " caps=\"" + caps + "\""
                + " ! rtpjitterbuffer latency=" + JITTER_LATENCY_MILLIS + " drop-on-latency=true"
                + " ! " + depay + " ! " + Objects.requireNonNull(decoder, "decoder").launchFragment("vdec")
                + " ! videoconvert ! videoscale ! capsfilter name=tilecaps caps=\"" + new TileSize(width, height).caps() + "\""
                + " ! intervideosink name=tile channel=" + channel + " sync=false";
        this.pipeline = new LivePipeline("remote-video-" + channel, description);
        this.feed = new RtpSourceFeed((AppSrc) pipeline.element("rtpsrc"));
        this.sizeFilter = new TileSizeFilter(pipeline.element("tilecaps"), "tilecaps of " + channel, new TileSize(width, height));
        pipeline.element("tile").getStaticPad("sink").addProbe(PadProbeType.BUFFER, frameProbe);
    }

    /**
     * Scales the decoded frames to this size from the next frame on (the tile's place changed:
     * the active speaker or the number of tiles). Any thread, also while PLAYING.
     */
    public synchronized void setTileSize(TileSize size) {
        Objects.requireNonNull(size, "size");
        sizeFilter.set(size);
    }

    /** The size the tile's capsfilter asks for now, read from the element. */
    public TileSize tileSize() {
        return sizeFilter.fromElement();
    }

    /** The size of the frames reaching the tile channel now, empty before the first. */
    public Optional<TileSize> negotiatedTileSize() {
        return TileCaps.negotiated(pipeline.element("tile").getStaticPad("sink"));
    }

    /** The intervideo channel this stream's tile is published on. */
    public String channel() {
        return channel;
    }

    public void addListener(Consumer<PipelineEvent> listener) {
        pipeline.addListener(listener);
    }

    public void start() {
        pipeline.play();
    }

    /**
     * Hands one unprotected RTP packet to the jitter buffer. Anything may come in: the jitter
     * buffer and depayloader drop what is not RTP of this stream; a refused push is counted.
     */
    public void push(byte[] packet, int offset, int length) {
        feed.push(packet, offset, length);
    }

    /** Frames decoded and handed to the tile so far. */
    public long framesDecoded() {
        return frames.get();
    }

    /**
     * When the first decoded frame reached the tile ({@link System#nanoTime}, stamped by the frame
     * probe as it passes), empty before it.
     */
    public java.util.OptionalLong firstFrameNanos() {
        long at = firstFrameNanos.get();
        return at == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at);
    }

    /** Packets accepted by the pipeline so far. */
    public long packetsPushed() {
        return feed.pushed();
    }

    /** Packets refused (bad bounds, or the pipeline not accepting: flushing, stopped). */
    public long packetsRefused() {
        return feed.refused();
    }

    private PadProbeReturn onFrame(Pad pad, org.freedesktop.gstreamer.PadProbeInfo info) {
        if (frames.getAndIncrement() == 0) {
            firstFrameNanos.compareAndSet(Long.MIN_VALUE, System.nanoTime());
        }
        return PadProbeReturn.OK;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}

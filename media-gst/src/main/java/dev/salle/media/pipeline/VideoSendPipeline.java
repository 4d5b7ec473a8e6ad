package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;
import dev.salle.media.elements.ElementChooser;
import dev.salle.media.elements.H264Encoder;
import dev.salle.media.pipeline.internal.GstVideoNative;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.elements.AppSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera to H.264 RTP: source → videorate/convert/scale → caps → tee → (a) intervideosink for the
 * self-view, (b) encoder → h264parse → rtph264pay (config-interval=-1) → appsink → listener, and
 * optionally (c) a {@link LowLayer}: videoscale → a second encoder → its own listener, and (d) a
 * grayscale branch for QR scanning, off until {@link #startScanning} (valve → videorate at most
 * {@link #SCAN_FPS} → GRAY8, at most {@link #SCAN_MAX_WIDTH} wide → appsink).
 *
 * <p>Threads: RTP packets reach the {@link RtpPacketListener} on the encoder branch's streaming
 * thread; {@link PipelineEvent}s arrive on the shared GStreamer bus thread. {@link #requestKeyFrame()} and
 * {@link #setBitrateKbps(int)} may be called from any thread while playing. Owns its native
 * pipeline; {@link #close()} releases it and may be called twice.
 */
public final class VideoSendPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSendPipeline.class);
    /** The pipeline's name in its {@link PipelineEvent}s. */
    public static final String NAME = "video-send";
    /** Most grayscale frames per second the scanning branch hands out. */
    public static final int SCAN_FPS = 4;
    /** Widest grayscale frame the scanning branch hands out; wider cameras are scaled down. */
    public static final int SCAN_MAX_WIDTH = 1280;

    private final VideoSendConfig config;
    private final ElementChoice sourceChoice;
    private final ElementChoice encoderChoice;
    private final LivePipeline pipeline;
    private final Element encoder;
    private final Element encoderValve;
    private final AppSink rtpSink;
    private final RtpSinkTap tap;
    private final Optional<LowLayer> low;
    private final Element lowEncoder;
    private final Element lowValve;
    private final AppSink lowSink;
    private final RtpSinkTap lowTap;
    private final Element scanValve;
    private final ScanTap scanTap;
    private FlashingTestSource flashing;

    /**
     * Builds (does not start) the pipeline.
     *
     * @param source  chosen camera source (libcamerasrc, v4l2src or videotestsrc)
     * @param encoder chosen H.264 encoder, one of {@link H264Encoder}
     */
    public VideoSendPipeline(VideoSendConfig config, ElementChoice source, ElementChoice encoder,
            RtpPacketListener listener) {
        this(config, source, encoder, listener, Optional.empty(), packet -> { });
    }

    /**
     * Builds (does not start) the pipeline with a low simulcast layer when {@code low} is present:
     * a second branch from the camera's tee (valve → videoscale → the same encoder factory at the
     * low bitrate → rtph264pay, same payload type and MTU) whose packets reach {@code lowListener}
     * on that branch's streaming thread. A hardware encoder (v4l2h264enc) needs a second instance
     * for it; where the device has only one, ask for no low layer.
     *
     * @throws IllegalArgumentException when the low layer is not smaller than the main one
     */
    public VideoSendPipeline(VideoSendConfig config, ElementChoice source, ElementChoice encoder,
            RtpPacketListener listener, Optional<LowLayer> low, RtpPacketListener lowListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.low = Objects.requireNonNull(low, "low");
        low.filter(l -> !l.smallerThan(config)).ifPresent(l -> {
            throw new IllegalArgumentException("low layer " + l.width() + "x" + l.height()
                    + " must be smaller than the main layer " + config.width() + "x" + config.height());
        });
        this.sourceChoice = Objects.requireNonNull(source, "source");
        this.encoderChoice = Objects.requireNonNull(encoder, "encoder");
        H264Encoder kind = H264Encoder.forFactory(encoder.factoryName()).orElseThrow(() ->
                new IllegalArgumentException("video encoder '" + encoder.factoryName()
                        + "' is not one Salle knows; use one of " + H264Encoder.factoryNamesInOrder()));
        this.pipeline = new LivePipeline(NAME, description(config, source, encoder, kind)
                + low.map(l -> lowBranch(config, l, encoder, kind)).orElse(""));
        this.encoder = pipeline.element("venc");
        this.encoderValve = pipeline.element("encvalve");
        this.rtpSink = (AppSink) pipeline.element("rtpsink");
        this.tap = new RtpSinkTap(NAME, rtpSink, Objects.requireNonNull(listener, "listener"));
        if (low.isPresent()) {
            this.lowEncoder = pipeline.element("venclow");
            this.lowValve = pipeline.element("lowvalve");
            this.lowSink = (AppSink) pipeline.element("rtpsinklow");
            this.lowTap = new RtpSinkTap(NAME + "-low", lowSink, Objects.requireNonNull(lowListener, "lowListener"));
            kind.runtimeBitrate(low.get().bitrateKbps()).ifPresent(p -> lowEncoder.set(p.getKey(), p.getValue()));
        } else {
            this.lowEncoder = null;
            this.lowValve = null;
            this.lowSink = null;
            this.lowTap = null;
        }
        this.scanValve = pipeline.element("scanvalve");
        this.scanTap = new ScanTap((AppSink) pipeline.element("scansink"));
    }

    private static String lowBranch(VideoSendConfig c, LowLayer l, ElementChoice encoder, H264Encoder kind) {
        return " camtee. ! queue max-size-buffers=4 leaky=downstream ! valve name=lowvalve drop=false"
                + " ! videoscale ! videoconvert ! capsfilter caps=\"video/x-raw,format=I420,width=" + l.width()
                + ",height=" + l.height() + ",pixel-aspect-ratio=1/1\""
                + " ! " + encoder.launchFragment("venclow")
                + " ! capsfilter caps=\"" + kind.outputCaps() + "\""
                + " ! h264parse ! rtph264pay name=paylow config-interval=-1 aggregate-mode=zero-latency"
                + " pt=" + c.payloadType() + " mtu=" + c.mtuBytes()
                + " ! appsink name=rtpsinklow emit-signals=true sync=false async=false max-buffers=64 drop=false";
    }

    /** The low simulcast layer, when this pipeline encodes one. */
    public Optional<LowLayer> lowLayer() {
        return low;
    }

    static String description(VideoSendConfig c, ElementChoice source, ElementChoice encoder, H264Encoder kind) {
        String raw = "video/x-raw,width=" + c.width() + ",height=" + c.height()
                + ",framerate=" + c.framesPerSecond() + "/1,pixel-aspect-ratio=1/1";
        return source.launchFragment("camera")
                + (source.factoryName().equals("multifilesrc") ? ElementChooser.IMAGE_DECODE : "")
                + " ! videorate ! videoconvert ! videoscale ! capsfilter name=camcaps caps=\"" + raw + "\""
                + " ! tee name=camtee"
                + " camtee. ! queue leaky=downstream max-size-buffers=2"
                + " ! intervideosink name=selfview channel=" + c.selfViewChannel() + " sync=false"
                + " camtee. ! queue max-size-buffers=4 leaky=downstream ! valve name=encvalve drop=false"
                + " ! videoconvert"
                + " ! " + encoder.launchFragment("venc")
                + " ! capsfilter caps=\"" + kind.outputCaps() + "\""
                + " ! h264parse ! rtph264pay name=pay config-interval=-1 aggregate-mode=zero-latency"
                + " pt=" + c.payloadType() + " mtu=" + c.mtuBytes()
                + " ! appsink name=rtpsink emit-signals=true sync=false async=false max-buffers=64 drop=false"
                + " camtee. ! queue leaky=downstream max-size-buffers=1 ! valve name=scanvalve drop=true"
                + " ! videorate drop-only=true max-rate=" + SCAN_FPS + " ! videoconvert"
                + scanScale(c)
                + " ! capsfilter caps=\"video/x-raw,format=GRAY8" + scanSize(c) + "\""
                + " ! appsink name=scansink emit-signals=true sync=false async=false max-buffers=1 drop=true";
    }

    /**
     * The size of the scanning branch's frames: the camera's, scaled down to at most
     * {@link #SCAN_MAX_WIDTH} wide with its shape kept (a QR code held up to the camera needs no
     * more, and ZXing's time grows with the pixels).
     */
    static int[] scanFrameSize(int width, int height) {
        if (width <= SCAN_MAX_WIDTH) {
            return new int[] {width, height};
        }
        int scaledHeight = (int) Math.round((double) height * SCAN_MAX_WIDTH / width / 2) * 2;
        return new int[] {SCAN_MAX_WIDTH, Math.max(2, scaledHeight)};
    }

    private static String scanScale(VideoSendConfig c) {
        return c.width() > SCAN_MAX_WIDTH ? " ! videoscale" : "";
    }

    private static String scanSize(VideoSendConfig c) {
        int[] size = scanFrameSize(c.width(), c.height());
        return ",width=" + size[0] + ",height=" + size[1] + ",pixel-aspect-ratio=1/1";
    }

    /**
     * Starts handing grayscale camera frames to {@code frames}, at most {@link #SCAN_FPS} a second
     * (first boot's QR scanning). The branch sits behind a valve, so it costs nothing while off. The
     * consumer runs on the branch's streaming thread and must return quickly: hand the frame to a
     * worker and drop it when the worker is busy. The branch's appsink keeps one frame and drops
     * older ones, so a slow consumer never holds up the self-view or the encoder.
     */
    public void startScanning(Consumer<GrayFrame> frames) {
        scanTap.setConsumer(Objects.requireNonNull(frames, "frames"));
        scanValve.set("drop", false);
    }

    /** Stops the grayscale frames. */
    public void stopScanning() {
        scanValve.set("drop", true);
        scanTap.setConsumer(null);
    }

    /** Grayscale frames handed to the scanning consumer so far. */
    public long scanFrames() {
        return scanTap.frames();
    }

    public VideoSendConfig config() {
        return config;
    }

    /** Listener for bus events; called on the shared GStreamer bus thread. */
    public void addListener(Consumer<PipelineEvent> listener) {
        pipeline.addListener(listener);
    }

    /** Starts capture and encoding; PLAYING is reached asynchronously ({@link PipelineEvent.Started}). */
    public void start() {
        pipeline.play();
    }

    /**
     * Starts or stops encoding while the camera (and so the self-view) keeps running: an idle room
     * shows itself on screen without spending a core on H.264. Turning encoding on asks for a key
     * frame, so the first packets decode. May be called before {@link #start()}; the RTP appsink
     * does not wait for a first buffer to change state, so a pipeline started with encoding off
     * still plays.
     */
    public void setEncoding(boolean on) {
        encoderValve.set("drop", !on);
        if (lowValve != null) {
            lowValve.set("drop", !on);
        }
        if (on) {
            requestKeyFrame();
        }
    }

    /** Whether frames reach the encoder now. */
    public boolean encoding() {
        return !(Boolean) encoderValve.get("drop");
    }

    /**
     * Asks the encoder for a key frame with SPS/PPS as soon as possible (after a PLI or FIR, or
     * when a subscriber joins).
     *
     * @return whether the encoder side accepted the request
     */
    public boolean requestKeyFrame() {
        if (lowSink != null) {
            GstVideoNative.requestKeyFrame(lowSink);
        }
        return GstVideoNative.requestKeyFrame(rtpSink);
    }

    /**
     * Changes the encoder's target bitrate while playing.
     *
     * @return false when the encoder cannot change bitrate at run time (v4l2h264enc)
     */
    public boolean setBitrateKbps(int bitrateKbps) {
        VideoSendConfig.requireRange("video bitrate (kbit/s)", bitrateKbps, 100, 20_000);
        H264Encoder kind = H264Encoder.forFactory(encoderChoice.factoryName()).orElseThrow();
        var property = kind.runtimeBitrate(bitrateKbps);
        if (property.isEmpty()) {
            LOG.debug("encoder {} cannot change bitrate while playing; kept", encoderChoice.factoryName());
            return false;
        }
        Map.Entry<String, Object> entry = property.get();
        encoder.set(entry.getKey(), entry.getValue());
        return true;
    }

    /** The encoder's bitrate property as it reads back now, in the encoder's own unit. */
    public Object encoderBitrateProperty() {
        return encoder.get("bitrate");
    }

    /**
     * Makes the camera a flashing calibration target ({@link FlashingTestSource}): black and white,
     * switching once per {@code period} while playing. May be called before or after {@link #start()},
     * once; {@link #close()} stops it.
     *
     * @param scheduler runs the switches; the caller owns it and shuts it down after {@link #close()}
     * @param clock     gives the switch times the listener gets
     * @throws IllegalStateException when the source is not {@code videotestsrc pattern=solid-color}
     *     (see {@link dev.salle.media.elements.ElementChooser#flashingTestSource()}) or it flashes already
     */
    public synchronized FlashingTestSource flash(ScheduledExecutorService scheduler, Clock clock, Duration period,
            FlashingTestSource.Listener listener) {
        if (!sourceChoice.factoryName().equals("videotestsrc")
                || !"solid-color".equals(sourceChoice.properties().get("pattern"))) {
            throw new IllegalStateException("only a videotestsrc with pattern=solid-color can flash; this camera is "
                    + sourceChoice.launchFragment("camera") + " (media.camera=test-flash chooses the right one)");
        }
        if (flashing != null) {
            throw new IllegalStateException("the camera of pipeline " + NAME + " flashes already");
        }
        flashing = new FlashingTestSource(pipeline.element("camera"), scheduler, clock, period, listener);
        return flashing;
    }

    /** RTP packets handed to the listener so far. */
    public long packetsSent() {
        return tap.packets();
    }

    /** RTP packets of the low layer handed to its listener so far; 0 without one. */
    public long lowPacketsSent() {
        return lowTap == null ? 0 : lowTap.packets();
    }

    @Override
    public synchronized void close() {
        if (flashing != null) {
            flashing.close();
        }
        pipeline.close();
    }
}

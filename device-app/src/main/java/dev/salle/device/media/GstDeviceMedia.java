package dev.salle.device.media;

import dev.salle.device.call.RoomConnection;
import dev.salle.device.config.DeviceConfig;
import dev.salle.hw.audio.AlsaMicrophones;
import dev.salle.hw.audio.MicrophoneInfo;
import dev.salle.hw.camera.CameraDiscovery;
import dev.salle.media.elements.ElementChooser;
import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.elements.MediaElements;
import dev.salle.media.elements.MediaHostConfig;
import dev.salle.media.pipeline.AudioSendConfig;
import dev.salle.media.pipeline.AudioSendPipeline;
import dev.salle.media.pipeline.DisplayConfig;
import dev.salle.media.pipeline.DisplayPipeline;
import dev.salle.media.pipeline.TileSize;
import dev.salle.media.pipeline.EchoProbePipeline;
import dev.salle.media.MediaRuntime;
import dev.salle.media.pipeline.PipelineEvent;
import dev.salle.media.pipeline.VideoSendConfig;
import dev.salle.media.pipeline.GrayFrame;
import dev.salle.media.pipeline.VideoSendPipeline;
import dev.salle.media.pipeline.LowLayer;
import dev.salle.media.pipeline.RemoteAudioPipeline;
import dev.salle.media.pipeline.RemoteVideoPipeline;
import dev.salle.media.pipeline.RtpPacketListener;
import dev.salle.media.pipeline.TileView;
import dev.salle.media.pipeline.FlashingTestSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's media on GStreamer: chooses the elements once, runs the display pipeline and the
 * camera pipeline (which feeds the self-view and the H.264 encoder), and starts the microphone
 * pipeline for a call. A missing camera or microphone is not an error: the test source takes its
 * place, the screen says so, and {@link #health()} reports it.
 *
 * <p>With {@code media.camera=test-flash} the camera is the latency target of
 * {@link FlashingTestSource}: it switches black/white once a second on a thread of its own (made in
 * {@link #start()}, ended in {@link #close()}) and logs each switch at INFO as
 * {@code test camera flash: white at EPOCH_MILLIS}, the line the call benchmark pairs with what a
 * browser renders.
 */
public final class GstDeviceMedia implements DeviceMedia, CallMedia {

    private static final Logger log = LoggerFactory.getLogger(GstDeviceMedia.class);

    private final DeviceConfig config;
    private final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> pipelineStates = new ConcurrentHashMap<>();
    /** The device's own pipelines, whose failure {@link #mediaProblem()} reports; remote streams are not among them. */
    private static final List<String> OWN_PIPELINES = List.of(DisplayPipeline.NAME, VideoSendPipeline.NAME,
            EchoProbePipeline.NAME, AudioSendPipeline.NAME);
    private final AtomicLong videoPackets = new AtomicLong();
    private final AtomicLong audioPackets = new AtomicLong();
    private final MediaInputs inputs;
    private final MediaElements elements;
    private final ElementChooser elementChooser;
    /** Remote tiles on the screen and voices in the mix. */
    static final int REMOTE_SLOTS = 5;
    /** How often the flashing test camera switches colour. */
    static final Duration FLASH_PERIOD = Duration.ofSeconds(1);

    private volatile DisplayPipeline display;
    /**
     * The open remote videos by tile slot, each scaling to its slot's size on the screen; also
     * the lock that keeps a layout change and an opening stream from crossing.
     */
    private final Map<Integer, RemoteVideoPipeline> tileVideos = new java.util.HashMap<>();
    private volatile VideoSendPipeline camera;
    private volatile EchoProbePipeline echoProbe;
    private ScheduledExecutorService flashTimer;
    private volatile AudioSendPipeline microphone;
    private volatile String roomName = "";
    private volatile String statusText = "";
    private volatile RtpPacketListener videoOut = packet -> { };
    private volatile RtpPacketListener lowVideoOut = packet -> { };
    private volatile RtpPacketListener audioOut = packet -> { };
    private final Map<String, RemoteStream> remotes = new ConcurrentHashMap<>();
    private volatile List<Tile> tiles = List.of();
    private volatile boolean cameraOff;

    /** Chooses the elements for this configuration; nothing runs until {@link #start()}. */
    public GstDeviceMedia(DeviceConfig config) {
        this.config = config;
        MediaRuntime.ensureInitialised();
        this.inputs = MediaInputs.resolve(config.media(), config.identity().simulatedHardware(), CameraDiscovery.standard(),
                () -> AlsaMicrophones.system().list().stream().findFirst().map(MicrophoneInfo::alsaDevice));
        MediaHostConfig host = inputs.hostConfig(config.media());
        this.elementChooser = new ElementChooser(new GstElementRegistry());
        this.elements = elementChooser.chooseAll(host);
        log.info("media elements: {}", elements.describe());
        inputs.notices().forEach(n -> log.warn("{}", n));
    }

    @Override
    public synchronized void start() {
        DeviceConfig.Media m = config.media();
        String channel = "selfview-" + Integer.toHexString(System.identityHashCode(this));
        display = new DisplayPipeline(DisplayConfig.of(m.displayWidth(), m.displayHeight(), Optional.of(channel))
                .withTileSlots(REMOTE_SLOTS), elements.videoSink());
        display.addListener(this::onEvent);
        VideoSendConfig sendConfig = VideoSendConfig.of(m.videoWidth(), m.videoHeight(), m.videoFps(), channel);
        camera = new VideoSendPipeline(sendConfig, elements.videoSource(), elements.videoEncoder(), packet -> {
            if (cameraOff) {
                return; // the encoder pauses too, but a packet already on its way stops here
            }
            videoPackets.incrementAndGet();
            videoOut.onRtpPacket(packet);
        }, lowLayerFor(sendConfig), packet -> {
            if (!cameraOff) {
                lowVideoOut.onRtpPacket(packet);
            }
        });
        camera.addListener(this::onEvent);
        if (MediaInputs.flashingTestCamera(m)) {
            flashTimer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("salle-test-flash").unstarted(r));
            camera.flash(flashTimer, Clock.systemUTC(), FLASH_PERIOD,
                    (colour, at) -> log.info("test camera flash: {} at {}", colour.word(), at));
        }
        echoProbe = new EchoProbePipeline(false, REMOTE_SLOTS);
        echoProbe.addListener(this::onEvent);
        display.showStatus(roomName, statusWithNotices());
        showCameraOff(display, cameraOff);
        echoProbe.start();
        camera.setEncoding(false); // the self-view runs; H.264 only in a call
        camera.start();
        display.start();
    }

    @Override
    public synchronized void setCameraOff(boolean off) {
        boolean was = cameraOff;
        cameraOff = off;
        if (display != null) {
            showCameraOff(display, off);
        }
        if (camera != null && microphone != null && was != off) { // sending for a call
            camera.setEncoding(!off);
            if (!off) {
                camera.requestKeyFrame();
            }
        }
        if (was != off) {
            log.info("camera {}", off ? "off" : "on");
        }
    }

    private static void showCameraOff(DisplayPipeline d, boolean off) {
        d.setSelfViewHidden(off);
        d.showSelfViewNotice(off ? CAMERA_OFF : "");
    }

    @Override
    public Optional<byte[]> screenSnapshotJpeg() {
        DisplayPipeline d = display;
        return d == null ? Optional.empty() : d.snapshotJpeg();
    }

    @Override
    public synchronized void showStatus(String room, String text) {
        this.roomName = room;
        this.statusText = text;
        if (display != null) {
            display.showStatus(room, statusWithNotices());
        }
    }

    private String statusWithNotices() {
        return inputs.notices().isEmpty() ? statusText : statusText + "\n" + String.join("\n", inputs.notices());
    }

    @Override
    public String overlayText() {
        DisplayPipeline d = display;
        return d == null ? "" : d.overlayText();
    }

    @Override
    public Map<String, String> elements() {
        return elements.describe();
    }

    @Override
    public Map<String, Object> health() {
        EchoProbePipeline probe = echoProbe;
        DisplayPipeline d = display;
        Map<String, Object> h = new java.util.LinkedHashMap<>(Map.of(
                "camera", inputs.cameraPresent(),
                "microphone", inputs.microphonePresent(),
                "screenOutput", elements.videoSink().factoryName(),
                "pipelines", Map.copyOf(pipelineStates),
                "sending", microphone != null,
                "videoRtpPackets", videoPackets.get(),
                "audioRtpPackets", audioPackets.get()));
        h.put("remoteStreams", remotes.size());
        h.put("remoteVideoFrames", remotes.entrySet().stream().filter(e -> e.getKey().startsWith("video"))
                .mapToLong(e -> e.getValue().decoded()).sum());
        h.put("remoteAudioSamples", remotes.entrySet().stream().filter(e -> e.getKey().startsWith("audio"))
                .mapToLong(e -> e.getValue().decoded()).sum());
        h.put("speakerSamplesPlayed", probe == null ? 0 : probe.samplesPlayed());
        h.put("speakerAudibleSamples", probe == null ? 0 : probe.audibleSamplesPlayed());
        h.put("tiles", tiles.stream().map(t -> Map.of("slot", t.slot(), "name", t.name(), "speaker", t.speaker())).toList());
        h.put("tileNames", d == null ? Map.of() : d.tileNameTexts());
        h.put("caption", d == null ? "" : d.captionText());
        h.put("cameraOff", cameraOff);
        h.put("selfViewNotice", d == null ? "" : d.selfViewNoticeText());
        h.put("selfViewHidden", d != null && d.selfViewHidden());
        return h;
    }

    @Override
    public Optional<String> mediaProblem() {
        for (String name : OWN_PIPELINES) {
            if ("ERROR".equals(pipelineStates.get(name))) {
                return Optional.of("the " + name + " pipeline failed (state ERROR)");
            }
        }
        String screen = pipelineStates.get(DisplayPipeline.NAME);
        if (!"PLAYING".equals(screen)) {
            return Optional.of("the " + DisplayPipeline.NAME + " pipeline is "
                    + (screen == null ? "not started" : screen) + ", not PLAYING");
        }
        return Optional.empty();
    }

    @Override
    public void addFailureListener(Consumer<String> listener) {
        failureListeners.add(listener);
    }

    @Override
    public CallMedia callMedia() {
        return this;
    }

    @Override
    public synchronized void startSending(RtpPacketListener video, RtpPacketListener lowVideo, RtpPacketListener audio) {
        videoOut = video;
        lowVideoOut = lowVideo;
        audioOut = audio;
        startSending();
    }

    @Override
    public LayerSize mainLayer() {
        return new LayerSize(config.media().videoWidth(), config.media().videoHeight());
    }

    @Override
    public Optional<LayerSize> lowLayer() {
        VideoSendPipeline c = camera;
        return c == null ? Optional.empty() : c.lowLayer().map(l -> new LayerSize(l.width(), l.height()));
    }

    /** A low simulcast layer at a quarter of each side, for a camera of at least 320×180. */
    private static Optional<LowLayer> lowLayerFor(VideoSendConfig main) {
        return main.width() >= 320 && main.height() >= 180 ? Optional.of(LowLayer.quarterOf(main)) : Optional.empty();
    }

    @Override
    public void startScanning(Consumer<GrayFrame> frames) {
        VideoSendPipeline c = camera;
        if (c == null) {
            throw new IllegalStateException("the camera pipeline is not started: call start() before scanning");
        }
        c.startScanning(frames);
    }

    @Override
    public void stopScanning() {
        VideoSendPipeline c = camera;
        if (c != null) {
            c.stopScanning();
        }
    }

    @Override
    public boolean requestKeyFrame() {
        VideoSendPipeline c = camera;
        return c != null && c.requestKeyFrame();
    }

    @Override
    public boolean setVideoBitrateKbps(int kbps) {
        VideoSendPipeline c = camera;
        return c != null && c.setBitrateKbps(kbps);
    }

    @Override
    public int videoSlots() {
        return REMOTE_SLOTS;
    }

    @Override
    public int audioSlots() {
        return REMOTE_SLOTS;
    }

    @Override
    public RemoteStream openRemoteVideo(String encodingName, int payloadType, int slot) {
        DisplayPipeline d = display;
        TileSize size = d.tileSize(slot);
        RemoteVideoPipeline p = new RemoteVideoPipeline(encodingName, payloadType,
                elementChooser.videoDecoder(encodingName), d.tileChannel(slot), size.width(), size.height());
        p.addListener(this::onEvent);
        synchronized (tileVideos) {
            tileVideos.put(slot, p);
            p.setTileSize(d.tileSize(slot));
        }
        p.start();
        return remember("video-" + slot, p::push, p::framesDecoded, p::firstFrameNanos, () -> {
            synchronized (tileVideos) {
                tileVideos.remove(slot, p);
            }
            p.close();
        });
    }

    @Override
    public RemoteStream openRemoteAudio(int payloadType, int slot) {
        RemoteAudioPipeline p = new RemoteAudioPipeline(payloadType, echoProbe.audioChannel(slot));
        p.addListener(this::onEvent);
        p.start();
        return remember("audio-" + slot, p::push, p::samplesDecoded, java.util.OptionalLong::empty, p::close);
    }

    private RemoteStream remember(String key, Push push, java.util.function.LongSupplier decoded,
            java.util.function.Supplier<java.util.OptionalLong> firstDecoded, Runnable close) {
        RemoteStream stream = new RemoteStream() {
            private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void push(byte[] packet, int offset, int length) {
                if (!closed.get()) {
                    push.push(packet, offset, length);
                }
            }

            @Override
            public long decoded() {
                return decoded.getAsLong();
            }

            @Override
            public java.util.OptionalLong firstDecodedNanos() {
                return firstDecoded.get();
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    remotes.remove(key, this);
                    close.run();
                }
            }
        };
        RemoteStream before = remotes.put(key, stream);
        if (before != null) {
            before.close();
        }
        return stream;
    }

    @FunctionalInterface
    private interface Push {
        void push(byte[] packet, int offset, int length);
    }

    @Override
    public void showTiles(List<Tile> shown) {
        tiles = List.copyOf(shown);
        DisplayPipeline d = display;
        if (d != null) {
            synchronized (tileVideos) {
                d.showTiles(shown.stream().map(t -> new TileView(t.slot(), t.name(), t.speaker())).toList());
                tileVideos.forEach((slot, p) -> p.setTileSize(d.tileSize(slot)));
            }
        }
    }

    /** For tests: the size slot {@code slot}'s open remote video scales to now, empty when none is open. */
    Optional<TileSize> remoteTileSize(int slot) {
        synchronized (tileVideos) {
            RemoteVideoPipeline p = tileVideos.get(slot);
            return p == null ? Optional.empty() : Optional.of(p.tileSize());
        }
    }

    /** For tests: the size the screen draws slot {@code slot} at now. */
    TileSize screenTileSize(int slot) {
        return display.tileSize(slot);
    }

    /** For tests: JPEG snapshots of the screen encoded so far. */
    long screenSnapshotCount() {
        return display.snapshotCount();
    }

    @Override
    public void showCaption(String text) {
        DisplayPipeline d = display;
        if (d != null) {
            d.showCaption(text);
        }
    }

    @Override
    public RoomConnection localTestConnection() {
        return new LocalMediaTest(this);
    }

    /** Stops sending for a call (see {@link #stopSending()}) and forgets the RTP listeners. */
    @Override
    public synchronized void stopSending() {
        videoOut = packet -> { };
        lowVideoOut = packet -> { };
        audioOut = packet -> { };
        stopEncoders();
    }

    /** Starts sending for a call: the camera's encoder and the microphone pipeline. No-op when sending. */
    synchronized void startSending() {
        if (microphone != null) {
            return;
        }
        camera.setEncoding(!cameraOff);
        AudioSendPipeline mic = new AudioSendPipeline(AudioSendConfig.defaults(), elements.audioSource(), echoProbe,
                packet -> {
                    audioPackets.incrementAndGet();
                    audioOut.onRtpPacket(packet);
                });
        mic.addListener(this::onEvent);
        mic.start();
        microphone = mic;
    }

    /** Stops sending: the encoder pauses (the self-view goes on) and the microphone pipeline stops. */
    synchronized void stopEncoders() {
        if (camera != null) {
            camera.setEncoding(false);
        }
        if (microphone != null) {
            microphone.close();
            microphone = null;
            pipelineStates.remove("audio-send");
        }
    }

    long videoPackets() {
        return videoPackets.get();
    }

    long audioPackets() {
        return audioPackets.get();
    }

    /** Where the pipelines' bus events arrive; package-private so a test can inject a failure. */
    void onEvent(PipelineEvent event) {
        switch (event) {
            case PipelineEvent.StateChanged s -> pipelineStates.put(s.pipeline(), s.newState());
            case PipelineEvent.Error e -> {
                String element = java.util.Objects.toString(e.element(), "");
                String message = "The " + e.pipeline() + " pipeline stopped: " + e.message()
                        + (element.isEmpty() ? "" : " (at " + element + ")");
                log.error("{}; debug: {}", message, e.debug());
                pipelineStates.put(e.pipeline(), "ERROR");
                failureListeners.forEach(l -> l.accept(message));
            }
            case PipelineEvent.Warning w -> log.warn("{} pipeline warning at {}: {}", w.pipeline(), w.element(),
                    w.message() != null ? w.message() : w.debug());
            default -> log.debug("{}", event);
        }
    }

    @Override
    public synchronized void close() {
        remotes.values().forEach(RemoteStream::close);
        stopSending();
        if (display != null) {
            display.close();
        }
        if (camera != null) {
            camera.close(); // stops the flashing first
        }
        if (flashTimer != null) {
            flashTimer.shutdownNow();
        }
        if (echoProbe != null) {
            echoProbe.close();
        }
    }
}

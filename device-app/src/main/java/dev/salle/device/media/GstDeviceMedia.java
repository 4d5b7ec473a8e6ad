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
import dev.salle.media.pipeline.EchoProbePipeline;
import dev.salle.media.MediaRuntime;
import dev.salle.media.pipeline.PipelineEvent;
import dev.salle.media.pipeline.VideoSendConfig;
import dev.salle.media.pipeline.VideoSendPipeline;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's media on GStreamer: chooses the elements once, runs the display pipeline and the
 * camera pipeline (which feeds the self-view and the H.264 encoder), and starts the microphone
 * pipeline for a call. A missing camera or microphone is not an error: the test source takes its
 * place, the screen says so, and {@link #health()} reports it.
 */
public final class GstDeviceMedia implements DeviceMedia {

    private static final Logger log = LoggerFactory.getLogger(GstDeviceMedia.class);

    private final DeviceConfig config;
    private final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> pipelineStates = new ConcurrentHashMap<>();
    private final AtomicLong videoPackets = new AtomicLong();
    private final AtomicLong audioPackets = new AtomicLong();
    private final MediaInputs inputs;
    private final MediaElements elements;

    private DisplayPipeline display;
    private VideoSendPipeline camera;
    private EchoProbePipeline echoProbe;
    private volatile AudioSendPipeline microphone;
    private volatile String roomName = "";
    private volatile String statusText = "";

    /** Chooses the elements for this configuration; nothing runs until {@link #start()}. */
    public GstDeviceMedia(DeviceConfig config) {
        this.config = config;
        MediaRuntime.ensureInitialised();
        this.inputs = MediaInputs.resolve(config.media(), config.identity().simulatedHardware(), CameraDiscovery.standard(),
                () -> AlsaMicrophones.system().list().stream().findFirst().map(MicrophoneInfo::alsaDevice));
        MediaHostConfig host = inputs.hostConfig(config.media());
        this.elements = new ElementChooser(new GstElementRegistry()).chooseAll(host);
        log.info("media elements: {}", elements.describe());
        inputs.notices().forEach(n -> log.warn("{}", n));
    }

    @Override
    public synchronized void start() {
        DeviceConfig.Media m = config.media();
        String channel = "selfview-" + Integer.toHexString(System.identityHashCode(this));
        display = new DisplayPipeline(DisplayConfig.of(m.displayWidth(), m.displayHeight(), Optional.of(channel)),
                elements.videoSink());
        display.addListener(this::onEvent);
        camera = new VideoSendPipeline(VideoSendConfig.of(m.videoWidth(), m.videoHeight(), m.videoFps(), channel),
                elements.videoSource(), elements.videoEncoder(), packet -> videoPackets.incrementAndGet());
        camera.addListener(this::onEvent);
        echoProbe = new EchoProbePipeline(false);
        echoProbe.addListener(this::onEvent);
        display.showStatus(roomName, statusWithNotices());
        echoProbe.start();
        camera.setEncoding(false); // the self-view runs; H.264 only in a call
        camera.start();
        display.start();
    }

    @Override
    public Optional<byte[]> screenSnapshotJpeg() {
        DisplayPipeline d = display;
        return d == null ? Optional.empty() : d.latestSnapshotJpeg();
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
        return Map.of(
                "camera", inputs.cameraPresent(),
                "microphone", inputs.microphonePresent(),
                "screenOutput", elements.videoSink().factoryName(),
                "pipelines", Map.copyOf(pipelineStates),
                "sending", microphone != null,
                "videoRtpPackets", videoPackets.get(),
                "audioRtpPackets", audioPackets.get());
    }

    @Override
    public void addFailureListener(Consumer<String> listener) {
        failureListeners.add(listener);
    }

    @Override
    public RoomConnection localTestConnection() {
        return new LocalMediaTest(this);
    }

    /** Starts sending for a call: the camera's encoder and the microphone pipeline. No-op when sending. */
    synchronized void startSending() {
        if (microphone != null) {
            return;
        }
        camera.setEncoding(true);
        AudioSendPipeline mic = new AudioSendPipeline(AudioSendConfig.defaults(), elements.audioSource(), echoProbe,
                packet -> audioPackets.incrementAndGet());
        mic.addListener(this::onEvent);
        mic.start();
        microphone = mic;
    }

    /** Stops sending: the encoder pauses (the self-view goes on) and the microphone pipeline stops. */
    synchronized void stopSending() {
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

    private void onEvent(PipelineEvent event) {
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
        stopSending();
        if (display != null) {
            display.close();
        }
        if (camera != null) {
            camera.close();
        }
        if (echoProbe != null) {
            echoProbe.close();
        }
    }
}

package dev.salle.media.elements;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Chooses each element by what the registry holds and what the configuration allows. The one
 * place where element preference lives. Stateless apart from its inputs; thread-safe.
 */
public final class ElementChooser {

    private final ElementRegistry registry;
    private final Predicate<Path> deviceExists;

    /** Chooser against a registry, checking device paths on the real file system. */
    public ElementChooser(ElementRegistry registry) {
        this(registry, Files::exists);
    }

    /** Chooser with an explicit device check (tests pass a fake file system). */
    public ElementChooser(ElementRegistry registry, Predicate<Path> deviceExists) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.deviceExists = Objects.requireNonNull(deviceExists, "deviceExists");
    }

    /** All choices at once, plus the check of the elements every pipeline needs. */
    public MediaElements chooseAll(MediaHostConfig config) {
        requireAll("the media pipelines", RequiredElements.ALL);
        return new MediaElements(videoSource(config), videoEncoder(config), audioSource(config), videoSink(config));
    }

    /** v4l2h264enc, then vah264enc, vaapih264enc, x264enc, openh264enc. */
    public ElementChoice videoEncoder(MediaHostConfig config) {
        for (H264Encoder encoder : H264Encoder.values()) {
            if (registry.has(encoder.factoryName())) {
                return new ElementChoice(encoder.factoryName(), encoder.reason(),
                        encoder.properties(config.videoBitrateKbps(), config.keyFrameIntervalFrames()));
            }
        }
        throw new MissingElementsException("H.264 video encoder", H264Encoder.factoryNamesInOrder());
    }

    /**
     * The decoder for a remote video stream of this RTP encoding name: for H.264 the Pi's
     * v4l2h264dec, then avdec_h264, then openh264dec; for VP8 vp8dec (software everywhere).
     *
     * @throws MissingElementsException naming every candidate and its package when none is registered
     * @throws IllegalArgumentException for an encoding the device does not decode
     */
    public ElementChoice videoDecoder(String encodingName) {
        List<String> candidates = switch (encodingName.toUpperCase(java.util.Locale.ROOT)) {
            case "H264" -> List.of("v4l2h264dec", "avdec_h264", "openh264dec");
            case "VP8" -> List.of("vp8dec");
            default -> throw new IllegalArgumentException("video encoding '" + encodingName
                    + "' is not one the device decodes; it declares H264 and VP8 only");
        };
        for (String name : candidates) {
            if (registry.has(name)) {
                return ElementChoice.of(name, name.startsWith("v4l2") ? "hardware decoder present"
                        : "no hardware decoder; software " + name);
            }
        }
        throw new MissingElementsException(encodingName + " video decoder", candidates);
    }

    /**
     * The flashing test target when the configuration asks for it; else libcamerasrc, then v4l2src
     * on an existing device, then videotestsrc.
     */
    public ElementChoice videoSource(MediaHostConfig config) {
        if (config.imageCamera().isPresent()) {
            return imageSource(config.imageCamera().get());
        }
        if (config.flashingTestCamera()) {
            return flashingTestSource();
        }
        if (config.cameraEnabled() && registry.has("libcamerasrc")) {
            return ElementChoice.of("libcamerasrc", "camera enabled and libcamera is registered");
        }
        if (config.cameraEnabled() && registry.has("v4l2src") && config.videoDevice().isPresent()) {
            String device = config.videoDevice().get();
            if (deviceExists.test(Path.of(device))) {
                return new ElementChoice("v4l2src", "camera enabled, V4L2 device " + device + " exists",
                        Map.of("device", device));
            }
        }
        if (registry.has("videotestsrc")) {
            String why = config.cameraEnabled() ? "camera enabled but no libcamerasrc and no existing V4L2 device"
                    : "camera disabled in configuration";
            return new ElementChoice("videotestsrc", why + ": test pattern",
                    Map.of("is-live", "true", "pattern", "smpte", "horizontal-speed", "2"));
        }
        throw new MissingElementsException("video source", List.of("libcamerasrc", "v4l2src", "videotestsrc"));
    }

    /**
     * A live {@code videotestsrc pattern=solid-color}, black at first: the source
     * {@link dev.salle.media.pipeline.VideoSendPipeline#flash} switches between black and white to
     * measure glass-to-glass latency.
     *
     * @throws MissingElementsException when videotestsrc is not registered
     */
    public ElementChoice flashingTestSource() {
        if (!registry.has("videotestsrc")) {
            throw new MissingElementsException("flashing test camera (media.camera=test-flash)", List.of("videotestsrc"));
        }
        return new ElementChoice("videotestsrc", "media.camera=test-flash: black and white, switching once a second",
                Map.of("is-live", "true", "pattern", "solid-color", "foreground-color", "0xff000000"));
    }

    /**
     * A PNG file as the camera: {@code multifilesrc} reads the file twice a second (so a replaced
     * file shows up), and {@link #IMAGE_DECODE} turns it into a live stream.
     *
     * @throws IllegalArgumentException when the path is not one {@link MediaHostConfig#requireUsableImagePath} accepts
     */
    public ElementChoice imageSource(Path png) {
        MediaHostConfig.requireUsableImagePath(png);
        List<String> missing = List.of("multifilesrc", "pngdec", "imagefreeze").stream().filter(e -> !registry.has(e)).toList();
        if (!missing.isEmpty()) {
            throw new MissingElementsException("image camera (media.camera=image:…)", missing);
        }
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("location", "\"" + png + "\"");
        properties.put("loop", "true");
        properties.put("caps", "\"image/png,framerate=2/1\"");
        return new ElementChoice("multifilesrc", "media.camera=image:" + png + ": a still picture", properties);
    }

    /**
     * What follows an {@link #imageSource}: decode, pace to the file's rate, and repeat the latest
     * picture as a live stream.
     */
    public static final String IMAGE_DECODE = " ! pngdec ! identity sync=true ! imagefreeze is-live=true allow-replace=true";

    /** alsasrc when an ALSA device is configured, else audiotestsrc. */
    public ElementChoice audioSource(MediaHostConfig config) {
        if (config.alsaCaptureDevice().isPresent() && registry.has("alsasrc")) {
            String device = config.alsaCaptureDevice().get();
            return new ElementChoice("alsasrc", "ALSA capture device " + device + " configured",
                    Map.of("device", device));
        }
        if (registry.has("audiotestsrc")) {
            String why = config.alsaCaptureDevice().isPresent() ? "ALSA device configured but alsasrc missing"
                    : "no ALSA capture device configured";
            return new ElementChoice("audiotestsrc", why + ": test tone",
                    Map.of("is-live", "true", "wave", "sine", "volume", "0.2"));
        }
        throw new MissingElementsException("audio source", List.of("alsasrc", "audiotestsrc"));
    }

    /** kmssink on a usable KMS display, a window when asked for and possible, else appsink. */
    public ElementChoice videoSink(MediaHostConfig config) {
        if (config.kmsDisplayUsable() && registry.has("kmssink")) {
            return new ElementChoice("kmssink", "DRM/KMS display usable: full-screen HDMI output",
                    Map.of("sync", "false"));
        }
        if (config.windowWanted() && config.windowSystemPresent() && registry.has("autovideosink")) {
            return new ElementChoice("autovideosink", "window asked for and a window system is present",
                    Map.of("sync", "false"));
        }
        if (registry.has("appsink")) {
            return new ElementChoice("appsink", "headless: no usable KMS display and no window asked for",
                    Map.of("sync", "false", "max-buffers", "1", "drop", "true"));
        }
        if (registry.has("fakesink")) {
            return new ElementChoice("fakesink", "headless and appsink missing", Map.of("sync", "false"));
        }
        throw new MissingElementsException("video sink", List.of("kmssink", "autovideosink", "appsink", "fakesink"));
    }

    /** Throws naming every missing element (with its package) when any of them is not registered. */
    public void requireAll(String purpose, List<String> factoryNames) {
        List<String> missing = factoryNames.stream().filter(name -> !registry.has(name)).toList();
        if (!missing.isEmpty()) {
            throw new MissingElementsException("required elements of " + purpose, missing);
        }
    }
}

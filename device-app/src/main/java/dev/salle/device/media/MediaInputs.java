package dev.salle.device.media;

import dev.salle.device.config.DeviceConfig;
import dev.salle.hw.camera.CameraChoice;
import dev.salle.hw.camera.CameraDiscovery;
import dev.salle.hw.camera.CameraSource;
import dev.salle.media.elements.MediaHostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which camera, microphone and screen output the device uses, decided once at start-up from the
 * configuration and what the hardware drivers find. What is missing becomes a notice for the
 * screen and the log, never a crash.
 *
 * @param cameraEnabled whether a real camera is used (false: a test source, {@code test} or {@code test-flash})
 * @param videoDevice the V4L2 device when the camera is a UVC webcam
 * @param alsaDevice the ALSA capture device, when a microphone is used
 * @param kms whether the screen output goes to the HDMI display through KMS
 * @param window whether the screen output opens a desktop window
 * @param notices what is missing, in words for the screen
 */
record MediaInputs(boolean cameraEnabled, Optional<String> videoDevice, Optional<String> alsaDevice,
                   boolean kms, boolean window, List<String> notices) {

    static final String NO_CAMERA = "No camera found: showing a test picture";
    /** {@code media.camera=image:/path/to/picture.png}: a still picture as the camera. */
    static final String IMAGE_PREFIX = "image:";
    static final String NO_MICROPHONE = "No microphone found: sending a test tone";

    static MediaInputs resolve(DeviceConfig.Media m, boolean simulatedHardware, CameraDiscovery cameras,
                               Supplier<Optional<String>> firstMicrophone) {
        List<String> notices = new ArrayList<>();
        boolean cameraEnabled;
        Optional<String> videoDevice = Optional.empty();
        switch (m.camera()) {
            case "test", "test-flash" -> cameraEnabled = false;
            case String image when image.startsWith(IMAGE_PREFIX) -> cameraEnabled = false;
            case "auto" -> {
                CameraChoice choice = cameras.discover();
                cameraEnabled = choice.source() != CameraSource.TEST;
                if (choice.source() == CameraSource.V4L2) {
                    videoDevice = Optional.of(choice.cameras().get(0).id());
                }
                if (!cameraEnabled) {
                    notices.add(NO_CAMERA);
                }
            }
            default -> {
                cameraEnabled = true;
                if (m.camera().startsWith("/dev/")) {
                    videoDevice = Optional.of(m.camera());
                }
            }
        }
        Optional<String> alsa = switch (m.microphone()) {
            case "test" -> Optional.empty();
            case "auto" -> {
                Optional<String> found = firstMicrophone.get();
                if (found.isEmpty()) {
                    notices.add(NO_MICROPHONE);
                }
                yield found;
            }
            default -> Optional.of(m.microphone());
        };
        boolean kms = switch (m.displaySink()) {
            case "kms" -> true;
            case "auto" -> !simulatedHardware && hasDrmCard();
            default -> false;
        };
        boolean window = m.displaySink().equals("window")
                || (m.displaySink().equals("auto") && simulatedHardware && MediaHostConfig.windowSystemIn(System.getenv()));
        return new MediaInputs(cameraEnabled, videoDevice, alsa, kms, window, List.copyOf(notices));
    }

    /** Whether a real camera was found or configured (the same as using one). */
    boolean cameraPresent() {
        return cameraEnabled;
    }

    /** Whether a real microphone was found or configured. */
    boolean microphonePresent() {
        return alsaDevice.isPresent();
    }

    MediaHostConfig hostConfig(DeviceConfig.Media m) {
        MediaHostConfig config = new MediaHostConfig(cameraEnabled, videoDevice, alsaDevice, kms, window,
                MediaHostConfig.windowSystemIn(System.getenv()), m.videoBitrateKbps(),
                Math.max(1, Math.min(600, m.videoFps() * 2)), flashingTestCamera(m));
        return m.camera().startsWith(IMAGE_PREFIX)
                ? config.withImageCamera(Path.of(m.camera().substring(IMAGE_PREFIX.length())))
                : config;
    }

    /** Whether the camera is the flashing latency target ({@code media.camera=test-flash}). */
    static boolean flashingTestCamera(DeviceConfig.Media m) {
        return m.camera().equals("test-flash");
    }

    private static boolean hasDrmCard() {
        return Files.exists(Path.of("/dev/dri/card0")) || Files.exists(Path.of("/dev/dri/card1"));
    }
}

package dev.salle.media.elements;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the device configuration says about the media hardware, the input to element choice.
 *
 * @param cameraEnabled       whether a real camera may be used at all (false: test pattern)
 * @param videoDevice         V4L2 device path such as {@code /dev/video0}, if configured
 * @param alsaCaptureDevice   ALSA capture device such as {@code hw:1,0}, if configured
 * @param kmsDisplayUsable    whether a DRM/KMS display is really usable (HDMI connected, no compositor owns it)
 * @param windowWanted        whether the display should open a desktop window (development)
 * @param windowSystemPresent whether DISPLAY or WAYLAND_DISPLAY is set
 * @param videoBitrateKbps    initial H.264 bitrate in kbit/s, 100..20000
 * @param keyFrameIntervalFrames maximum frames between key frames, 1..600
 * @param flashingTestCamera  whether the camera is the flashing calibration target
 *     ({@link ElementChooser#flashingTestSource()}, {@code media.camera=test-flash}) whatever else is present
 * @param imageCamera         a PNG file shown as the camera ({@code media.camera=image:PATH}): re-read every
 *     half second, so replacing the file (atomically) changes the picture; for tests and set-up checks
 */
public record MediaHostConfig(
        boolean cameraEnabled,
        Optional<String> videoDevice,
        Optional<String> alsaCaptureDevice,
        boolean kmsDisplayUsable,
        boolean windowWanted,
        boolean windowSystemPresent,
        int videoBitrateKbps,
        int keyFrameIntervalFrames,
        boolean flashingTestCamera,
        Optional<Path> imageCamera) {

    public static final int DEFAULT_VIDEO_BITRATE_KBPS = 1500;
    public static final int DEFAULT_KEY_FRAME_INTERVAL_FRAMES = 60;

    public MediaHostConfig {
        Objects.requireNonNull(videoDevice, "videoDevice");
        Objects.requireNonNull(imageCamera, "imageCamera");
        imageCamera.ifPresent(MediaHostConfig::requireUsableImagePath);
        Objects.requireNonNull(alsaCaptureDevice, "alsaCaptureDevice");
        if (videoBitrateKbps < 100 || videoBitrateKbps > 20_000) {
            throw new IllegalArgumentException("media.videoBitrateKbps is " + videoBitrateKbps
                    + "; allowed 100..20000 kbit/s");
        }
        if (keyFrameIntervalFrames < 1 || keyFrameIntervalFrames > 600) {
            throw new IllegalArgumentException("media.keyFrameIntervalFrames is " + keyFrameIntervalFrames
                    + "; allowed 1..600 frames");
        }
    }

    /**
     * Checks a path for {@code media.camera=image:PATH}. It goes into a pipeline description in
     * quotes, so it must be absolute and hold no quote, backslash (an escape there) or control
     * character.
     *
     * @throws IllegalArgumentException naming the path and what is allowed
     */
    public static Path requireUsableImagePath(Path png) {
        Objects.requireNonNull(png, "png");
        String text = png.toString();
        if (!png.isAbsolute() || text.chars().anyMatch(ch -> ch == '"' || ch == '\\' || Character.isISOControl(ch))) {
            throw new IllegalArgumentException("media.camera=image:" + text.replaceAll("\\p{Cntrl}", "?")
                    + " cannot be used: the image camera must be an absolute path without quotes, backslashes"
                    + " or control characters");
        }
        return png;
    }

    /** The same without an image camera. */
    public MediaHostConfig(boolean cameraEnabled, Optional<String> videoDevice, Optional<String> alsaCaptureDevice,
                           boolean kmsDisplayUsable, boolean windowWanted, boolean windowSystemPresent,
                           int videoBitrateKbps, int keyFrameIntervalFrames, boolean flashingTestCamera) {
        this(cameraEnabled, videoDevice, alsaCaptureDevice, kmsDisplayUsable, windowWanted, windowSystemPresent,
                videoBitrateKbps, keyFrameIntervalFrames, flashingTestCamera, Optional.empty());
    }

    /** This configuration with a PNG file as the camera. */
    public MediaHostConfig withImageCamera(Path png) {
        return new MediaHostConfig(false, videoDevice, alsaCaptureDevice, kmsDisplayUsable, windowWanted,
                windowSystemPresent, videoBitrateKbps, keyFrameIntervalFrames, false, Optional.of(png));
    }

    /** A headless PC: test sources, no display, default bitrate. */
    public static MediaHostConfig headless() {
        return new MediaHostConfig(false, Optional.empty(), Optional.empty(), false, false, false,
                DEFAULT_VIDEO_BITRATE_KBPS, DEFAULT_KEY_FRAME_INTERVAL_FRAMES, false);
    }

    /** True when the environment names an X11 or Wayland display. */
    public static boolean windowSystemIn(Map<String, String> environment) {
        return isSet(environment.get("DISPLAY")) || isSet(environment.get("WAYLAND_DISPLAY"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}

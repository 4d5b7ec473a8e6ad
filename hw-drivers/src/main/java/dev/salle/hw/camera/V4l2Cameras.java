package dev.salle.hw.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * V4L2 capture devices (usually UVC webcams) found in sysfs: {@code <root>/videoN/name}, device
 * {@code /dev/videoN}.
 *
 * <p>Left out: nodes whose {@code index} is not 0 (a UVC camera's second node carries metadata),
 * and the Pi's memory-to-memory and CSI-receiver nodes (codec, ISP, HEVC decoder, Unicam, CFE),
 * which libcamera drives. Sysfs does not say which formats and sizes a node offers, so those
 * lists are empty. Setting controls through V4L2 is not implemented yet.
 *
 * <p>Threading: stateless; every call reads sysfs afresh. No callbacks.
 */
public final class V4l2Cameras implements Cameras {

    private static final Logger LOG = LoggerFactory.getLogger(V4l2Cameras.class);
    private static final Pattern VIDEO_NODE = Pattern.compile("video(\\d+)");
    private static final List<String> NOT_CAMERAS = List.of("bcm2835-codec", "bcm2835-isp", "rpivid", "rpi-hevc",
            "pispbe", "unicam", "rp1-cfe", "bcm2835-jpeg");

    private final Path root;

    /** Reads {@code root} as {@code /sys/class/video4linux}. */
    public V4l2Cameras(Path root) {
        this.root = root;
    }

    /** Reads the machine's {@code /sys/class/video4linux}. */
    public static V4l2Cameras system() {
        return new V4l2Cameras(Path.of("/sys/class/video4linux"));
    }

    @Override
    public CameraSource source() {
        return CameraSource.V4L2;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Files.isDirectory(root) ? Optional.empty()
                : Optional.of(root + " does not exist: the kernel has no V4L2 devices (is the videodev module loaded?)");
    }

    @Override
    public List<CameraInfo> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<CameraInfo> cameras = new ArrayList<>();
        try (Stream<Path> nodes = Files.list(root)) {
            nodes.map(node -> VIDEO_NODE.matcher(node.getFileName().toString()))
                    .filter(Matcher::matches)
                    .sorted(Comparator.comparingInt(m -> Integer.parseInt(m.group(1))))
                    .forEach(m -> describe(m.group()).ifPresent(cameras::add));
        } catch (IOException e) {
            LOG.warn("could not list V4L2 devices in {}: {}; reporting none", root, e.toString());
            return List.of();
        }
        return List.copyOf(cameras);
    }

    private Optional<CameraInfo> describe(String node) {
        Path dir = root.resolve(node);
        Optional<String> name = read(dir.resolve("name"));
        if (name.isEmpty() || name.get().isEmpty()) {
            LOG.debug("V4L2 node {} has no readable name; left out", node);
            return Optional.empty();
        }
        Optional<String> index = read(dir.resolve("index"));
        if (index.isPresent() && !index.get().equals("0")) {
            return Optional.empty();
        }
        String lower = name.get().toLowerCase(java.util.Locale.ROOT);
        if (NOT_CAMERAS.stream().anyMatch(lower::startsWith)) {
            return Optional.empty();
        }
        return Optional.of(new CameraInfo("/dev/" + node, name.get(), location(dir), List.of(), List.of(),
                CameraSource.V4L2));
    }

    private static CameraLocation location(Path dir) {
        try {
            return dir.toRealPath().toString().contains("/usb") ? CameraLocation.EXTERNAL : CameraLocation.UNKNOWN;
        } catch (IOException e) {
            return CameraLocation.UNKNOWN;
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void setControl(String cameraId, CameraControl control) {
        boolean known = list().stream().anyMatch(c -> c.id().equals(cameraId));
        if (!known) {
            throw new CameraException("no V4L2 camera has id '" + cameraId + "'; call list() for the device paths");
        }
        throw new CameraException("setting " + control + " on V4L2 camera '" + cameraId
                + "' is not implemented yet; set it with v4l2-ctl -d " + cameraId + " --set-ctrl, or use libcamera");
    }
}

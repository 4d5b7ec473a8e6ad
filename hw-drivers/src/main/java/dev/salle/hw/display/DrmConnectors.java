package dev.salle.hw.display;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads HDMI connectors from the kernel's DRM sysfs ({@code /sys/class/drm/card*-HDMI-A-*}): the
 * {@code status} file for hot-plug, the first line of {@code modes} for the preferred size, and
 * the {@code edid} for its refresh rate. The first connected connector (by name) wins; with none
 * connected, the first one reads as disconnected.
 */
final class DrmConnectors {

    private static final Logger LOG = LoggerFactory.getLogger(DrmConnectors.class);

    private final Path root;

    DrmConnectors(Path root) {
        this.root = root;
    }

    DisplayStatus read(PowerState power) {
        List<Path> connectors = hdmiConnectors();
        for (Path connector : connectors) {
            if ("connected".equals(readLine(connector.resolve("status")).orElse(""))) {
                return new DisplayStatus(true, connector.getFileName().toString(), mode(connector), power);
            }
        }
        String name = connectors.isEmpty() ? "" : connectors.get(0).getFileName().toString();
        return new DisplayStatus(false, name, Optional.empty(), power);
    }

    private List<Path> hdmiConnectors() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches("card\\d+-HDMI-A-\\d+")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("could not list DRM connectors in {}: {}; reporting no display", root, e.toString());
            return List.of();
        }
    }

    private static Optional<DisplayMode> mode(Path connector) {
        Optional<String> first = readLine(connector.resolve("modes"));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        String text = first.get();
        int x = text.indexOf('x');
        try {
            int width = Integer.parseInt(text.substring(0, x));
            int height = Integer.parseInt(text.substring(x + 1).replaceAll("[^0-9].*$", ""));
            int refresh = EdidTiming.preferred(readBytes(connector.resolve("edid")))
                    .filter(t -> t.width() == width && t.height() == height)
                    .map(EdidTiming::refreshHz)
                    .orElse(0);
            return Optional.of(new DisplayMode(width, height, refresh));
        } catch (RuntimeException e) {
            LOG.warn("DRM connector {} has an unreadable mode '{}'; reporting no mode", connector.getFileName(), text);
            return Optional.empty();
        }
    }

    private static Optional<String> readLine(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip).filter(l -> !l.isEmpty()).findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}

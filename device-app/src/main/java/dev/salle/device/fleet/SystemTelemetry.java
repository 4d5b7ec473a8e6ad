package dev.salle.device.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the machine's health for telemetry from Linux {@code /proc} and {@code /sys}: CPU use
 * between two reads ({@code /proc/stat}), memory ({@code /proc/meminfo}), the hottest thermal zone
 * ({@code /sys/class/thermal/thermal_zone*}/temp), uptime ({@code /proc/uptime}) and the network
 * link of the default route ({@link NetworkTelemetry}).
 *
 * <p>What cannot be read or parsed is left out of the result, never guessed. The roots are
 * injectable so tests use fixture files. Thread-safe ({@link #read()} is synchronized).
 */
public final class SystemTelemetry {

    private static final Logger log = LoggerFactory.getLogger(SystemTelemetry.class);
    private static final int MAX_THERMAL_ZONES = 64;

    private final Path procRoot;
    private final Path sysRoot;
    private CpuTimes previous;

    /**
     * @param procRoot where {@code proc} is mounted, normally {@code /proc}
     * @param sysRoot where {@code sysfs} is mounted, normally {@code /sys}
     */
    public SystemTelemetry(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
    }

    /** Reads this machine's {@code /proc} and {@code /sys}. */
    public static SystemTelemetry ofThisMachine() {
        return new SystemTelemetry(Path.of("/proc"), Path.of("/sys"));
    }

    /**
     * One sample: {@code cpuPercent} (from the second read on), {@code memTotalKb},
     * {@code memAvailableKb}, {@code temperatureC}, {@code uptimeS}, each only when readable, and
     * {@code network} (always: {@code defaultRoute} false when there is none).
     */
    public synchronized Map<String, Object> read() {
        Map<String, Object> sample = new LinkedHashMap<>();
        cpuTimes().ifPresent(now -> {
            if (previous != null) {
                now.percentSince(previous).ifPresent(p -> sample.put("cpuPercent", p));
            }
            previous = now;
        });
        List<String> meminfo = lines(procRoot.resolve("meminfo"));
        memValue(meminfo, "MemTotal").ifPresent(v -> sample.put("memTotalKb", v));
        memValue(meminfo, "MemAvailable").ifPresent(v -> sample.put("memAvailableKb", v));
        hottestZone().ifPresent(t -> sample.put("temperatureC", t));
        uptime().ifPresent(u -> sample.put("uptimeS", u));
        sample.put("network", NetworkTelemetry.read(procRoot, sysRoot));
        return sample;
    }

    private Optional<CpuTimes> cpuTimes() {
        for (String line : lines(procRoot.resolve("stat"))) {
            if (line.startsWith("cpu ")) {
                return CpuTimes.parse(line);
            }
        }
        return Optional.empty();
    }

    private static OptionalLong memValue(List<String> meminfo, String key) {
        for (String line : meminfo) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                return parseLong(parts[0]);
            }
        }
        return OptionalLong.empty();
    }

    private OptionalDouble hottestZone() {
        Path thermal = sysRoot.resolve("class/thermal");
        if (!Files.isDirectory(thermal)) {
            return OptionalDouble.empty();
        }
        OptionalDouble hottest = OptionalDouble.empty();
        int seen = 0;
        try (DirectoryStream<Path> zones = Files.newDirectoryStream(thermal, "thermal_zone*")) {
            for (Path zone : zones) {
                if (++seen > MAX_THERMAL_ZONES) {
                    break;
                }
                OptionalLong milli = firstLine(zone.resolve("temp")).map(SystemTelemetry::parseLong)
                        .orElse(OptionalLong.empty());
                if (milli.isPresent() && (hottest.isEmpty() || milli.getAsLong() / 1000.0 > hottest.getAsDouble())) {
                    hottest = OptionalDouble.of(milli.getAsLong() / 1000.0);
                }
            }
        } catch (IOException e) {
            log.debug("Cannot list thermal zones in {}: {}", thermal, e.getMessage());
        }
        return hottest;
    }

    private OptionalLong uptime() {
        Optional<String> line = firstLine(procRoot.resolve("uptime"));
        if (line.isEmpty()) {
            return OptionalLong.empty();
        }
        String first = line.get().trim().split("\\s+")[0];
        try {
            double seconds = Double.parseDouble(first);
            return seconds >= 0 && Double.isFinite(seconds) ? OptionalLong.of((long) seconds) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static Optional<String> firstLine(Path file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.getFirst());
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot read {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    static OptionalLong parseLong(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The aggregate line of {@code /proc/stat}, in clock ticks. */
    private record CpuTimes(long total, long idle) {

        static Optional<CpuTimes> parse(String line) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 5) {
                return Optional.empty();
            }
            long total = 0;
            long idle = 0;
            int count = Math.min(fields.length - 1, 8);
            for (int i = 1; i <= count; i++) {
                OptionalLong value = parseLong(fields[i]);
                if (value.isEmpty() || value.getAsLong() < 0) {
                    return Optional.empty();
                }
                total += value.getAsLong();
                if (i == 4 || i == 5) {
                    idle += value.getAsLong();
                }
            }
            return Optional.of(new CpuTimes(total, idle));
        }

        OptionalDouble percentSince(CpuTimes before) {
            long dTotal = total - before.total;
            long dIdle = idle - before.idle;
            if (dTotal <= 0 || dIdle < 0 || dIdle > dTotal) {
                return OptionalDouble.empty();
            }
            double percent = 100.0 * (dTotal - dIdle) / dTotal;
            return OptionalDouble.of(Math.round(percent * 10) / 10.0);
        }
    }
}

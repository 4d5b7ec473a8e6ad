package dev.salle.bridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads what the bridge did between two moments: its process's CPU time from
 * {@code /proc/PID/stat} (utime + stime, fields 14 and 15, proc(5)) and its counters from
 * {@code /metrics} (Prometheus text).
 */
final class BridgeProbe {

    /** One reading: CPU seconds of the bridge process, and every un-labelled counter. */
    record Sample(long nanos, double cpuSeconds, Map<String, Double> counters) {
        double counter(String name) {
            return counters.getOrDefault(name, 0.0);
        }
    }

    private final long pid;
    private final int clockTicksPerSecond;
    private final URI metrics;
    private final HttpClient http;

    BridgeProbe(long pid, int clockTicksPerSecond, URI metrics, HttpClient http) {
        this.pid = pid;
        this.clockTicksPerSecond = clockTicksPerSecond;
        this.metrics = metrics;
        this.http = http;
    }

    Sample sample() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Sample(System.nanoTime(), cpuSeconds(Path.of("/proc", Long.toString(pid), "stat")), counters(body));
    }

    /** CPU seconds (user + system) of the process whose {@code stat} file this is. */
    double cpuSeconds(Path stat) throws IOException {
        return cpuTicks(Files.readString(stat)) / (double) clockTicksPerSecond;
    }

    /** utime + stime from a {@code /proc/PID/stat} line; the command name in parentheses may hold spaces. */
    static long cpuTicks(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Counters and gauges without labels, by name, from Prometheus text. */
    static Map<String, Double> counters(String prometheusText) {
        Map<String, Double> out = new HashMap<>();
        for (String line : prometheusText.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.contains("{")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2) {
                try {
                    out.put(parts[0], Double.parseDouble(parts[1]));
                } catch (NumberFormatException e) {
                    // not a number: not a counter we read
                }
            }
        }
        return out;
    }
}

package dev.salle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.BridgeProcess;
import dev.salle.bridge.InteropRig;
import dev.salle.testkit.NetworkNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The call benchmark of issue 4 (not part of the suite: surefire's default includes skip the
 * name; {@code bench/device-call.sh} runs it). In one network namespace: the bridge, two
 * rtc-node participants each publishing 640×360 video and audio (the "two remote 360p streams"),
 * then for {@code bench.seconds} each:
 * <ol>
 *   <li>the device (1280×720@30 camera out, 1280×720 screen) in the call;</li>
 *   <li>headless Chromium with livekit-client doing the same job (720p fake camera, one layer).</li>
 * </ol>
 * CPU is read from {@code /proc/PID/stat} (user + system) of the device's JVM, and of every
 * Chromium process in the namespace. Then {@code bench.joins} joins of the device: the join time
 * is the device's own measure (from the join command to the first remote frame decoded), read
 * from its control API ({@code meeting.joinMillis}), which also goes to telemetry as {@code join-time}.
 * Last, glass-to-glass latency: a second device, whose camera is the flashing test target
 * ({@code media.camera=test-flash}: black and white, switching once a second, each switch logged
 * with its wall-clock time), joins the same room, and a headless Chromium that publishes nothing
 * renders the videos for {@value #LATENCY_SECONDS} s and notes when the device's picture turns black
 * or white ({@link GlassToGlass}). Outside the CPU windows, so neither CPU figure includes it.
 * Results go to {@code target/call-benchmark.md} and stdout.
 */
class CallBenchmark {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    /** How long the latency watcher watches, beyond its first two flips. */
    static final int LATENCY_SECONDS = 20;

    @Test
    void run() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        int joins = Integer.getInteger("bench.joins", 20);
        MeetingE2e.requireBrowsers();
        String slug = "ben-chma-rkk";
        StringBuilder report = new StringBuilder();
        NetworkNamespace ns = NetworkNamespace.create();
        BridgeProcess bridge = BridgeProcess.start(ns);
        try (InteropRig rig = new InteropRig(ns, bridge)) {
            rig.rtcNode(BridgeProcess.token(slug, "remote-1"), "--seconds", "3600", "--width", "640", "--height", "360",
                    "--fps", "30");
            rig.rtcNode(BridgeProcess.token(slug, "remote-2"), "--seconds", "3600", "--width", "640", "--height", "360",
                    "--fps", "30");
            try (DeviceProcess device = DeviceProcess.in(ns).room("Salle banc d'essai")
                    .set("media.video.width", "1280").set("media.video.height", "720").set("media.video.fps", "30")
                    .set("media.display.width", "1280").set("media.display.height", "720").start()) {
                // CPU: the device in the call
                assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
                MeetingE2e.awaitState(device, "both remote videos decoded", MeetingE2e.MEDIA,
                        s -> s.path("health").path("remoteStreams").asInt() >= 4
                                && s.path("health").path("remoteVideoFrames").asLong() > 120);
                Thread.sleep(5000); // settle: encoders and layer choice
                java.util.Map<String, Long> threadsBefore = threadTicks(device.pid());
                double deviceCpu = cpuSeconds(List.of(device.pid()), seconds);
                java.util.Map<String, Long> threadsAfter = threadTicks(device.pid());
                JsonNode st = device.control().state().path("health");
                report.append(String.format(Locale.ROOT, "| device (JVM + GStreamer), 720p30 out, 2×360p in | %d s | %.1f CPU-s | %.1f CPU-s per call-minute | %d remote frames decoded |%n",
                        seconds, deviceCpu, deviceCpu * 60 / seconds, st.path("remoteVideoFrames").asLong()));
                device.control().leave();
                MeetingE2e.awaitCall(device, "idle", MeetingE2e.CALL_CHANGE);

                // CPU: Chromium doing the same job
                InteropRig.Peer browser = rig.browser("chromium", BridgeProcess.token(slug, "chromium"), false);
                browser.await("both remote videos in the browser", MeetingE2e.MEDIA, s -> s.path("remotes").size() >= 2
                        && countFrames(s) > 120);
                Thread.sleep(5000);
                List<Long> chromium = chromiumPids(ns);
                double browserCpu = cpuSeconds(chromium, seconds);
                report.append(String.format(Locale.ROOT, "| Chromium + livekit-client (%d processes), 720p out, 2×360p in | %d s | %.1f CPU-s | %.1f CPU-s per call-minute | %d remote frames decoded |%n",
                        chromium.size(), seconds, browserCpu, browserCpu * 60 / seconds, countFrames(browser.status())));
                report.append(String.format(Locale.ROOT, "%nDevice / Chromium CPU ratio: %.2f%n", deviceCpu / browserCpu));
                report.append(String.format(Locale.ROOT, "%nThe device's threads by CPU over the %d s (thread names as the kernel keeps them, "
                        + "15 characters; threads of one name summed):%n%n| thread | CPU-s |%n|---|---|%n", seconds));
                threadsAfter.entrySet().stream()
                        .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                        .filter(e -> e.getValue() > 0)
                        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                        .forEach(e -> report.append(String.format(Locale.ROOT, "| `%s` | %.1f |%n", e.getKey(),
                                e.getValue() / (double) TICKS_PER_SECOND)));
                browser.close();

                // join time
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < joins; i++) {
                    assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
                    JsonNode joined = MeetingE2e.awaitState(device, "join " + (i + 1), MeetingE2e.MEDIA,
                            s -> s.path("meeting").path("joinMillis").asLong(-1) > 0);
                    times.add(joined.path("meeting").path("joinMillis").asLong());
                    device.control().leave();
                    MeetingE2e.awaitCall(device, "idle", MeetingE2e.CALL_CHANGE);
                }
                List<Long> sorted = times.stream().sorted().toList();
                report.append(String.format(Locale.ROOT, "%nJoin time (join command to first remote frame decoded), %d joins:"
                        + " p50 %d ms, p95 %d ms, min %d ms, max %d ms; all: %s%n", joins, percentile(sorted, 50),
                        percentile(sorted, 95), sorted.get(0), sorted.get(sorted.size() - 1), times));
            }

            // glass-to-glass latency
            List<Long> latencies = glassToGlass(ns, bridge, rig, slug);
            List<Long> sorted = latencies.stream().sorted().toList();
            report.append(String.format(Locale.ROOT, "%nGlass-to-glass latency (device camera to Chromium render), %d flips"
                    + " of the flashing test camera in %d s: p50 %d ms, p95 %d ms, min %d ms, max %d ms; all: %s%n",
                    latencies.size(), LATENCY_SECONDS, percentile(sorted, 50), percentile(sorted, 95), sorted.get(0),
                    sorted.get(sorted.size() - 1), latencies));
            report.append("It covers the test source's wait for its next frame, conversion, H.264 encoding, RTP and SRTP,"
                    + " the bridge, the browser's jitter buffer, decoding and compositing, up to the expected display time"
                    + " of the first frame of the new colour (requestVideoFrameCallback); the error is up to one camera frame"
                    + " (33 ms at 30 fps: a switch shows in the next frame the source makes). All processes run on one"
                    + " machine and read one clock.\n");
        } finally {
            ns.close();
        }
        String text = report.toString();
        System.out.println(text);
        Files.writeString(Path.of("target", "call-benchmark.md"), text, StandardCharsets.UTF_8);
    }

    /**
     * A device whose camera is the flashing test target joins the room (the two rtc-node remotes are
     * still there); a browser that publishes nothing renders the videos and notes each black/white
     * flip of the device's for {@value #LATENCY_SECONDS} s. A device of its own, so the CPU and join
     * figures above stay those of the usual moving test picture (a solid colour is much cheaper to encode).
     *
     * @return each rendered flip's time minus that of the camera's switch to that colour, in ms
     */
    private static List<Long> glassToGlass(NetworkNamespace ns, BridgeProcess bridge, InteropRig rig, String slug)
            throws Exception {
        try (DeviceProcess device = DeviceProcess.in(ns).room("Salle banc d'essai (latence)")
                .set("media.video.width", "1280").set("media.video.height", "720").set("media.video.fps", "30")
                .set("media.display.width", "1280").set("media.display.height", "720")
                .set("media.camera", "test-flash").start()) {
            List<GlassToGlass.Switch> cameraSwitches = new CopyOnWriteArrayList<>();
            device.onOutput(line -> GlassToGlass.parseFlashLine(line).ifPresent(cameraSwitches::add));
            assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
            MeetingE2e.awaitState(device, "both remote videos decoded", MeetingE2e.MEDIA,
                    s -> s.path("health").path("remoteStreams").asInt() >= 4);
            InteropRig.Peer watcher = rig.flipWatcher("chromium-latency", BridgeProcess.token(slug, "latency-watcher"));
            try {
                watcher.await("the device's flashing video rendered in the watching browser", MeetingE2e.MEDIA,
                        s -> deviceFlips(s).size() >= 2);
                Thread.sleep(LATENCY_SECONDS * 1000L);
                List<GlassToGlass.Switch> rendered = GlassToGlass.browserFlips(deviceFlips(watcher.status()));
                List<Long> latencies = GlassToGlass.latencies(List.copyOf(cameraSwitches), rendered);
                assertThat(latencies).as("rendered flips paired with the camera's switches; rendered %s, camera %s",
                        rendered, cameraSwitches).isNotEmpty();
                return latencies;
            } finally {
                watcher.close();
                device.control().leave();
                MeetingE2e.awaitCall(device, "idle", MeetingE2e.CALL_CHANGE);
            }
        }
    }

    /** The flips the watching browser saw in the device's video (not the two rtc-node remotes'). */
    private static JsonNode deviceFlips(JsonNode status) {
        return MeetingE2e.remoteExcept(status, "remote-1", "remote-2").path("video").path("flips");
    }

    private static long countFrames(JsonNode status) {
        long n = 0;
        for (JsonNode r : status.path("remotes")) {
            n += r.path("video").path("frames").asLong();
        }
        return n;
    }

    private static List<Long> chromiumPids(NetworkNamespace ns) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (long pid : ns.pids()) {
            Path comm = Path.of("/proc", String.valueOf(pid), "comm");
            if (Files.exists(comm) && Files.readString(comm).strip().startsWith("chrom")) {
                pids.add(pid);
            }
        }
        assertThat(pids).as("Chromium processes in the namespace").isNotEmpty();
        return pids;
    }

    /** CPU seconds (user + system) these processes use over the next {@code seconds}. */
    private static double cpuSeconds(List<Long> pids, int seconds) throws Exception {
        long before = ticks(pids);
        Thread.sleep(seconds * 1000L);
        return (ticks(pids) - before) / (double) TICKS_PER_SECOND;
    }

    /** CPU ticks per thread name of one process (/proc/PID/task/TID/stat). */
    private static java.util.Map<String, Long> threadTicks(long pid) throws IOException {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String s = Files.readString(task.resolve("stat"));
                    String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')).replaceAll("[0-9]+$", "N");
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return byName;
    }

    private static long ticks(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            Path stat = Path.of("/proc", String.valueOf(pid), "stat");
            if (!Files.exists(stat)) {
                continue;
            }
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        }
        return sum;
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

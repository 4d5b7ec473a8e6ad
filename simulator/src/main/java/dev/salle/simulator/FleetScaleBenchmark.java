package dev.salle.simulator;

import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigScope;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutPolicy;
import dev.salle.fleet.rollout.RolloutStore;
import dev.salle.provisioning.ca.DeviceCa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The fleet at scale, on one machine ({@code bench/fleet-scale.sh}): {@code ./salle fleet serve}
 * with its embedded broker in a process of its own, and {@code N} simulated rooms in this one.
 * Measures, in this order: the time from the first connect until the fleet's registry shows every
 * room online; the fleet process's CPU and memory over a window of steady telemetry (one message
 * per room every 30 s); the time for a configuration change at the organisation layer to reach
 * every room (the fan-out of one {@code set-config} command to all); and a rollout's control-plane
 * time across four waves (1 %, 10 %, 50 %, 100 %) with no payload fetched. Prints a Markdown table.
 * Every wait is bounded.
 */
public final class FleetScaleBenchmark {

    private FleetScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path dir = Files.createTempDirectory("salle-fleet-scale-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String db = "jdbc:h2:file:" + dir.resolve("fleet") + ";AUTO_SERVER=TRUE";
        String java = ProcessHandle.current().info().command().orElse("java");
        Process fleet = new ProcessBuilder(java, "-Xmx3g", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.salle.fleet.FleetMain", "serve", "--broker-port", String.valueOf(port),
                "--provisioning", dir.resolve("provisioning").toString(), "--broker-data", dir.resolve("broker").toString(),
                "--db", db).redirectErrorStream(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::destroyForcibly, "fleet-scale-stop")); // never leave it behind
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.contains("Fleet manager watching")) {
                        ready.countDown();
                    }
                    if (line.contains("WARN") || line.contains("ERROR") || line.startsWith("Fleet") || line.startsWith("Embedded")) {
                        System.out.println("fleet| " + line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "fleet-output");
        reader.setDaemon(true);
        reader.start();
        DeviceSimulator sim = null;
        try {
            if (!ready.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fleet serve did not start within 120 s");
            }
            long pid = fleet.pid();
            DeviceCa ca = DeviceCa.open(dir.resolve("provisioning/ca"), Clock.systemUTC());
            System.out.printf("making %d rooms' keys and certificates ...%n", count);
            long mint = System.nanoTime();
            sim = DeviceSimulator.prepare(new DeviceSimulator.Settings("mqtts://127.0.0.1:" + port, count, "sim-", 20, "1.4.0",
                    Duration.ofSeconds(30), 0, Duration.ofMillis(10), rate), ca, ca.certificate(), Clock.systemUTC(),
                    n -> System.out.printf("  %d ready%n", n));
            System.out.printf("  %.1f s%n", (System.nanoTime() - mint) / 1e9);

            try (DeviceRegistry registry = DeviceRegistry.open(db, "sa", "");
                 ConfigLayers layers = new ConfigLayers(db, "sa", "");
                 RolloutStore rollouts = new RolloutStore(db, "sa", "")) {
                long cpu0 = cpuTicks(pid);
                long t0 = System.nanoTime();
                DeviceSimulator s = sim;
                Thread starter = Thread.ofPlatform().start(() -> s.connectAll(n -> { }));
                double online = waitFor("every room online in the registry", Duration.ofMinutes(10), t0,
                        () -> registry.onlineCount() >= count, () -> registry.onlineCount() + " online, " + s.connected() + " connected");
                starter.join();
                double onlineCpu = (cpuTicks(pid) - cpu0) / 100.0;

                // steady telemetry: skip one interval so every room's telemetry timer is running, then measure
                Thread.sleep(30_000);
                long c1 = cpuTicks(pid);
                long w0 = System.nanoTime();
                Thread.sleep(steadySeconds * 1000L);
                double window = (System.nanoTime() - w0) / 1e9;
                double steadyCpu = (cpuTicks(pid) - c1) / 100.0;
                Map<String, Long> memory = memoryKb(pid);

                long f0 = System.nanoTime();
                long before = sim.configured();
                layers.set(ConfigScope.ORG, Map.of("call.error-hold", "7s"), "benchmark", Instant.now());
                double fanout = waitFor("the configuration on every room", Duration.ofMinutes(10), f0,
                        () -> s.configured() - before >= count, () -> (s.configured() - before) + " configured");

                long r0 = System.nanoTime();
                List<String> ids = sim.ids();
                Rollout rollout = Rollout.create("bench", "1.5.0", ids, new RolloutPolicy(List.of(1, 10, 50, 100), 100, count, false,
                        Duration.ofHours(1)), Instant.now());
                rollouts.create(rollout, URI.create("https://127.0.0.1:1/1.5.0.bundle"), Instant.now());
                double rolloutSeconds = waitFor("the rollout DONE", Duration.ofMinutes(20), r0,
                        () -> rollouts.load("bench").map(r -> r.state() == Rollout.State.DONE).orElse(false),
                        () -> rollouts.load("bench").map(r -> r.state() + " wave " + (r.currentWave() + 1) + " " + r.counts()).orElse("?"));
                long updated = sim.running("1.5.0");

                System.out.println();
                System.out.printf("| rooms | all online after | fleet CPU while they connected | fleet CPU, steady telemetry"
                        + " | fleet memory (RSS / peak) | config to all | rollout, 4 waves | updated |%n");
                System.out.printf("|---|---|---|---|---|---|---|---|%n");
                System.out.printf("| %d | %.1f s | %.1f CPU-s | %.1f %% of one core (%.1f CPU-s in %.0f s) | %d / %d MiB | %.1f s | %.1f s | %d |%n",
                        count, online, onlineCpu, 100 * steadyCpu / window, steadyCpu, window,
                        memory.getOrDefault("VmRSS", 0L) / 1024, memory.getOrDefault("VmHWM", 0L) / 1024, fanout, rolloutSeconds,
                        updated);
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
            fleet.destroy();
            if (!fleet.waitFor(30, TimeUnit.SECONDS)) {
                fleet.destroyForcibly();
            }
        }
    }

    private static double waitFor(String what, Duration limit, long startNanos, BooleanSupplier done,
                                  java.util.function.Supplier<String> status) throws InterruptedException {
        long deadline = startNanos + limit.toNanos();
        long lastPrint = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + limit + " (" + status.get() + ")");
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                System.out.printf("  %s: %s after %.0f s%n", what, status.get(), (System.nanoTime() - startNanos) / 1e9);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s: %.1f s%n", what, seconds);
        return seconds;
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static Map<String, Long> memoryKb(long pid) throws IOException {
        Map<String, Long> out = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                out.put(line.substring(0, line.indexOf(':')), Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        return out;
    }
}

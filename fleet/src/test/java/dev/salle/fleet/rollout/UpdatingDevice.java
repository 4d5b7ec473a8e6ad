package dev.salle.fleet.rollout;

import dev.salle.bundle.BundleVerifier;
import dev.salle.bundle.BundleVersion;
import dev.salle.device.fleet.CommandResult;
import dev.salle.device.fleet.DeviceCommands;
import dev.salle.device.fleet.DeviceDiagnostics;
import dev.salle.device.logs.RecentLogBuffer;
import dev.salle.device.fleet.DeviceReport;
import dev.salle.device.fleet.DeviceState;
import dev.salle.device.fleet.FleetAgent;
import dev.salle.device.fleet.FleetConfig;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.FleetTls;
import dev.salle.device.fleet.PahoFleetLink;
import dev.salle.device.update.BundleDownloader;
import dev.salle.device.update.SlotStore;
import dev.salle.device.update.UpdateAgent;
import dev.salle.provisioning.ca.MutualTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A room device for rollout tests: the device's real fleet agent (mutual TLS), bundle downloader
 * and update agent with A/B slots in a folder. A restart is simulated in the same process: the
 * version in the active slot becomes the running one, its health check runs (it passes unless the
 * device was told to fail it), and the device publishes its state again.
 */
final class UpdatingDevice implements DeviceReport, DeviceCommands, AutoCloseable {

    final String id;
    private final SlotStore slots;
    private final List<PublicKey> releaseKeys;
    private final HttpClient http;
    private final Path work;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService boot = Executors.newSingleThreadExecutor();
    private final FleetConfig fleetConfig;
    private final FleetTls tls;
    private final ScheduledExecutorService agents;
    private final ScheduledExecutorService links;
    private volatile FleetAgent agent;
    /** The device app's real config store, on a file in the device's folder. */
    final ConfigStore config;
    private volatile String site = "Lyon";
    /** A key this device refuses in set-config, as a device on older software would. */
    private volatile String refusedKey = "";
    private final AtomicBoolean healthyAfterUpdate = new AtomicBoolean(true);
    final AtomicBoolean inCall = new AtomicBoolean();
    private final AtomicBoolean losePower = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger updateCommands = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger setConfigCommands = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String running;
    private volatile UpdateAgent updates;
    /** What its screen shows: a real JPEG at the device's 1280×720, for the snapshot command. */
    private final byte[] screen;
    /** Its recent log lines, as the device app's RECENT appender keeps them. */
    final RecentLogBuffer logs = new RecentLogBuffer(500);

    UpdatingDevice(String id, FleetTls tls, String brokerUri, Path dir, List<PublicKey> releaseKeys, String version,
                   ScheduledExecutorService agents, ScheduledExecutorService links, Clock clock) {
        this.id = id;
        this.slots = new SlotStore(dir.resolve("slots"));
        this.releaseKeys = releaseKeys;
        this.work = dir.resolve("work");
        this.clock = clock;
        this.running = version;
        this.http = HttpClient.newBuilder().sslContext(MutualTls.clientContext(tls.key(), tls.chain(), tls.brokerCa()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.updates = agentFor(version);
        this.fleetConfig = FleetConfig.of(brokerUri, id).withTelemetryInterval(Duration.ofSeconds(30));
        this.tls = tls;
        this.agents = agents;
        this.links = links;
        this.screen = screenJpeg(id.hashCode());
        this.agent = newAgent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        logs.add("INFO UpdatingDevice - " + id + " started on " + version);
        logs.add("INFO FleetAgent - enrolled with token=s3cret-enrolment-token");
        this.config = new ConfigStore(DeviceConfig.of(Map.of("device.id", id), id), Optional.of(dir.resolve("device.conf")), id);
    }

    private FleetAgent newAgent() {
        return new FleetAgent(fleetConfig, new PahoFleetLink(fleetConfig, Optional.of(tls), links, new Random(id.hashCode())),
                this, this, new DeviceDiagnostics(Optional.of(() -> Optional.of(screen)), Optional.of(logs::newest)), clock, agents);
    }

    private static byte[] screenJpeg(int seed) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1280, 720, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(0x102040));
        g.fillRect(0, 0, 1280, 720);
        g.setColor(new java.awt.Color(0x808080 | (seed & 0x7f7f7f)));
        g.fillRect(160, 240, 960, 120);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The site this device reports (before {@link #start()}). */
    UpdatingDevice in(String siteName) {
        this.site = siteName;
        return this;
    }

    void refuse(String key) {
        this.refusedKey = key;
    }

    /** Disconnects cleanly (its state says offline), keeping everything else. */
    void goOffline() {
        agent.close();
    }

    /** Connects again after {@link #goOffline()}. */
    void comeBack() {
        agent = newAgent();
        agent.start();
    }

    void start() {
        agent.start();
    }

    void failHealthCheckAfterUpdate() {
        healthyAfterUpdate.set(false);
    }

    String running() {
        return running;
    }

    private UpdateAgent agentFor(String version) {
        return new UpdateAgent(slots, new BundleVerifier(releaseKeys, "device-app", BundleVersion.parse(version)),
                () -> !inCall.get(), this::reboot, (step, details) -> agent.publishEvent("update", details), work, executor,
                clock, Duration.ofMillis(200));
    }

    private void reboot() {
        boot.execute(() -> {
            String next = slots.version(slots.active()).map(BundleVersion::toString).orElse(running);
            running = next;
            updates = agentFor(next);
            agent.publishState();
            try {
                boolean committed = updates.onStart(healthyAfterUpdate::get, Duration.ofMillis(healthyAfterUpdate.get() ? 2000 : 0));
                if (!committed) {
                    running = slots.version(slots.active()).map(BundleVersion::toString).orElse("1.4.0");
                    updates = agentFor(running);
                    healthyAfterUpdate.set(true);
                    agent.publishState();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The next {@code update} command is cut by a power loss while downloading: the device goes away, returns, and forgets it. */
    void losePowerWhileDownloading() {
        losePower.set(true);
    }

    /** How many {@code update} commands reached this device. */
    int updateCommands() {
        return updateCommands.get();
    }

    @Override
    public CommandResult update(URI url) {
        updateCommands.incrementAndGet();
        if (losePower.getAndSet(false)) {
            executor.execute(() -> {
                agent.publishEvent("update", Map.of("step", "downloading", "percent", 0));
                try {
                    Thread.sleep(300);
                    goOffline();
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                comeBack();
            });
            return CommandResult.ok(Map.of("accepted", true));
        }
        executor.execute(() -> {
            try {
                Files.createDirectories(work);
                Path file = work.resolve("download.bundle");
                Files.deleteIfExists(file);
                new BundleDownloader(http, 10_000_000, Duration.ofMillis(50)).download(url, file, p -> { });
                updates.offer(file);
            } catch (IOException e) {
                agent.publishEvent("update", Map.of("step", "failed", "code", "download-failed"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return CommandResult.ok(Map.of("accepted", true));
    }

    @Override
    public DeviceState state() {
        return new DeviceState(running, "Salle " + id, site, inCall.get() ? "in_call" : "idle", Instant.parse("2026-11-22T09:00:00Z"));
    }

    @Override
    public Map<String, Object> telemetry() {
        return Map.of();
    }

    @Override
    public void identify(Duration duration) {
    }

    @Override
    public void restart() {
    }

    @Override
    public void factoryReset() {
    }

    @Override
    public CommandResult join(Optional<String> meetingUrl) {
        return CommandResult.ok();
    }

    @Override
    public CommandResult leave() {
        return CommandResult.ok();
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** How many {@code set-config} commands reached this device. */
    int setConfigCommands() {
        return setConfigCommands.get();
    }

    @Override
    public CommandResult setConfig(Map<String, Object> changes) {
        setConfigCommands.incrementAndGet();
        // as the device app's FleetBinding does, with a refusal on purpose
        if (changes.containsKey(refusedKey)) {
            return CommandResult.invalidArgument(refusedKey, "'" + refusedKey + "' is not known to this device's software");
        }
        Map<String, String> text = new java.util.LinkedHashMap<>();
        changes.forEach((k, v) -> text.put(k, String.valueOf(v)));
        try {
            return CommandResult.ok(Map.of("restartRequired", config.applyFleetChanges(text)));
        } catch (dev.salle.settings.ConfigException e) {
            return CommandResult.invalidArgument(e.key(), e.getMessage());
        } catch (IOException e) {
            return CommandResult.failed(dev.salle.device.fleet.CommandError.FAILED, e.getMessage());
        }
    }

    @Override
    public void close() {
        agent.close();
        executor.shutdownNow();
        boot.shutdownNow();
        http.close();
    }
}

package dev.salle.device.update;

import dev.salle.bundle.BundleVerifier;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.CommandError;
import dev.salle.device.fleet.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's updates, put together: the fleet's {@code update} command starts a download
 * ({@link BundleDownloader}) whose file goes to the {@link UpdateAgent}; at start, a version on
 * trial is checked ({@link #checkTrial}). Owns one thread; {@link #close()} stops it.
 */
public final class UpdateService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpdateService.class);

    private final ScheduledExecutorService executor;
    private final UpdateAgent agent;
    private final BundleDownloader downloader;
    private final Path workDir;
    private final UpdateAgent.Reporter reporter;
    private final AtomicBoolean downloading = new AtomicBoolean();

    private UpdateService(ScheduledExecutorService executor, UpdateAgent agent, BundleDownloader downloader, Path workDir,
                          UpdateAgent.Reporter reporter) {
        this.executor = executor;
        this.agent = agent;
        this.downloader = downloader;
        this.workDir = workDir;
        this.reporter = reporter;
    }

    /**
     * The service, when {@code update.trust-anchors} names release keys; empty when updates are off.
     *
     * @param tls the device's TLS context for the fleet's HTTPS (its certificate, the organisation's
     *     CA), or empty for the JDK's default trust
     */
    public static Optional<UpdateService> fromConfig(DeviceConfig config, Optional<SSLContext> tls, String runningVersion,
                                                     BooleanSupplier idle, Runnable restart, UpdateAgent.Reporter reporter,
                                                     Clock clock) {
        DeviceConfig.Updates u = config.updates();
        if (!u.enabled()) {
            return Optional.empty();
        }
        List<PublicKey> keys = new ArrayList<>();
        try {
            String pem = Files.readString(Path.of(u.trustAnchors()));
            for (String block : pem.split("(?=-----BEGIN PUBLIC KEY-----)")) {
                if (block.contains("BEGIN PUBLIC KEY")) {
                    keys.add(ReleaseKeys.readPublic(block));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read update.trust-anchors " + u.trustAnchors() + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("update.trust-anchors " + u.trustAnchors() + " holds no PUBLIC KEY block");
        }
        Path work = u.slotsDir().resolve("work");
        // on the image the payload is a whole slot (target os-image, os-image-<board> on a Pi); on a PC, the device app
        Slots slots;
        String target;
        switch (u.mechanism()) {
            case "grub" -> {
                slots = new GrubSlots(ImageLayout.standard(work));
                target = "os-image";
            }
            case "tryboot" -> {
                PiLayout pi = PiLayout.standard(work);
                target = "os-image-" + pi.board();
                slots = new TrybootSlots(pi);
            }
            default -> {
                slots = new SlotStore(u.slotsDir());
                target = "device-app";
            }
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salle-update");
            t.setDaemon(true);
            return t;
        });
        UpdateAgent agent = new UpdateAgent(slots, new BundleVerifier(keys, target, BundleVersion.parse(runningVersion)), idle,
                restart, reporter, work, executor, clock, Duration.ofSeconds(30));
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        tls.ifPresent(http::sslContext);
        return Optional.of(new UpdateService(executor, agent,
                new BundleDownloader(http.build(), u.maxBundleMb() * 1024L * 1024L, Duration.ofSeconds(1)), work, reporter));
    }

    /** The fleet's {@code update} command: fetch, then hand to the agent. One at a time. */
    public CommandResult request(URI url) {
        if (!downloading.compareAndSet(false, true)) {
            return CommandResult.failed(CommandError.BUSY, "an update is already being fetched or installed");
        }
        executor.execute(() -> {
            try {
                Files.createDirectories(workDir);
                Path file = workDir.resolve("download.bundle");
                Files.deleteIfExists(file);
                reporter.report("downloading", Map.of("step", "downloading", "percent", 0));
                downloader.download(url, file, p -> reporter.report("downloading", Map.of("step", "downloading", "percent", p)));
                if (!agent.offer(file)) {
                    reporter.report("failed", Map.of("step", "failed", "code", "busy"));
                }
            } catch (IOException e) {
                log.warn("update download failed: {}", e.getMessage());
                reporter.report("failed", Map.of("step", "failed", "code", "download-failed", "message", e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                downloading.set(false);
            }
        });
        return CommandResult.ok(Map.of("accepted", true));
    }

    /** Checks a version on trial in the background: commit when healthy, else back to the old slot. */
    public void checkTrial(TrialHealth health, Duration timeout) {
        Thread t = new Thread(() -> {
            try {
                agent.onStart(health, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("checking the new version failed: {}", e.getMessage(), e);
            }
        }, "salle-update-trial");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

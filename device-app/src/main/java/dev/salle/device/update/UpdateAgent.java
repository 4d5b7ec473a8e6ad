package dev.salle.device.update;

import dev.salle.bundle.BundleRejectedException;
import dev.salle.bundle.BundleVerifier;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.VerifiedBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs update bundles on the device, safely:
 *
 * <ol>
 *   <li>the whole bundle is verified ({@link BundleVerifier}: release key, version, target, size,
 *       SHA-256) before anything is installed; a refusal is reported with its code and leaves
 *       nothing behind;
 *   <li>while the room is in a call the install waits, checking again every {@code idlePoll};
 *   <li>the payload goes into the inactive slot, which becomes active on trial, and the app
 *       restarts (or asks for a reboot, a tryboot one on the Raspberry Pi: {@link RebootRequest});
 *       a payload the slots refuse is reported {@code failed} with the refusal's code;
 *   <li>at the next start ({@link #onStart}) the new version must pass its health check within the
 *       timeout to commit; otherwise the device goes back to the old slot by itself and restarts.
 * </ol>
 *
 * Every step is reported ({@code verifying}, {@code refused}, {@code deferred}, {@code installing},
 * {@code rebooting}, {@code healthy}, {@code rolled-back}). One update at a time; all work runs on
 * the given single-threaded executor.
 */
public final class UpdateAgent {

    /** Where the agent's steps go: the fleet's {@code update} events. */
    @FunctionalInterface
    public interface Reporter {
        void report(String step, Map<String, Object> details);
    }

    private static final Logger log = LoggerFactory.getLogger(UpdateAgent.class);

    private final Slots slots;
    private final BundleVerifier verifier;
    private final BooleanSupplier idle;
    private final Runnable restart;
    private final Reporter reporter;
    private final Path workDir;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Duration idlePoll;
    private final AtomicBoolean busy = new AtomicBoolean();

    public UpdateAgent(Slots slots, BundleVerifier verifier, BooleanSupplier idle, Runnable restart, Reporter reporter,
                       Path workDir, ScheduledExecutorService executor, Clock clock, Duration idlePoll) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.restart = Objects.requireNonNull(restart, "restart");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idlePoll = Objects.requireNonNull(idlePoll, "idlePoll");
    }

    /**
     * Takes a downloaded bundle file and installs it when it checks out and the room is idle.
     *
     * @return false when an update is already under way, or a new version is on trial (the offer is dropped)
     */
    public boolean offer(Path bundle) {
        if (slots.trialPrevious().isPresent()) {
            return false; // the version on trial reports healthy or rolled-back by itself
        }
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        executor.execute(() -> verify(bundle));
        return true;
    }

    private void verify(Path bundle) {
        report("verifying", Map.of());
        Path staging = workDir.resolve("staged.payload");
        try (InputStream in = Files.newInputStream(bundle)) {
            Files.createDirectories(workDir);
            VerifiedBundle verified = verifier.verify(in, staging);
            installWhenIdle(verified, clock.instant());
        } catch (BundleRejectedException e) {
            log.warn("update bundle refused ({}): {}", e.reason().code(), e.getMessage());
            busy.set(false); // free before reporting: a reporter may offer again at once
            report("refused", Map.of("code", e.reason().code(), "message", e.getMessage(),
                    "running", verifier.running().toString()));
        } catch (IOException | RuntimeException e) {
            log.warn("update bundle could not be read: {}", e.getMessage());
            busy.set(false);
            report("failed", Map.of("code", "unreadable", "message", String.valueOf(e.getMessage())));
        } finally {
            deleteQuietly(bundle); // verified or refused, the download is not needed any more
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.getMessage());
        }
    }

    private void installWhenIdle(VerifiedBundle verified, Instant offeredAt) {
        if (!idle.getAsBoolean()) {
            report("deferred", Map.of("version", verified.manifest().version().toString(), "waiting", "the room is in a call"));
            executor.schedule(() -> installWhenIdle(verified, offeredAt), idlePoll.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        try {
            String target = slots.inactive();
            report("installing", Map.of("version", verified.manifest().version().toString(), "slot", target));
            slots.install(verified.payload(), verified.manifest().version());
            Files.deleteIfExists(verified.payload());
            slots.startTrial();
            if (slots.trialNeedsTryboot()) {
                RebootRequest.requestTryboot();
            } else if (slots.rollBackReportedAfterRestart()) {
                RebootRequest.request();
            }
            report("rebooting", Map.of("version", verified.manifest().version().toString(), "slot", target));
            restart.run();
        } catch (PayloadRefusedException e) {
            log.warn("update payload refused ({}): {}", e.reason().code(), e.getMessage());
            deleteQuietly(verified.payload());
            busy.set(false);
            report("failed", Map.of("code", e.reason().code(), "message", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            log.error("installing the update failed: {}", e.getMessage(), e);
            deleteQuietly(verified.payload());
            busy.set(false);
            report("failed", Map.of("code", "install-failed", "message", String.valueOf(e.getMessage())));
        }
    }

    /**
     * At start: when the running slot is on trial, waits for {@code healthy} to hold (checked every
     * 500 ms, up to {@code timeout}), then commits; else goes back to the previous slot and restarts.
     * Blocks the calling thread for at most the timeout.
     *
     * @return true when the device runs a committed slot afterwards (no trial, or a passed one)
     */
    public boolean onStart(BooleanSupplier healthy, Duration timeout) throws InterruptedException {
        return onStart(() -> healthy.getAsBoolean() ? Optional.empty() : Optional.of("the health check did not pass"),
                timeout);
    }

    /**
     * As {@link #onStart(BooleanSupplier, Duration)}, with a check that says what is wrong: the
     * last answer before the timeout is logged and reported as {@code detail} with
     * {@code rolling-back} or {@code rolled-back} (code {@code health-check-failed}).
     */
    public boolean onStart(TrialHealth health, Duration timeout) throws InterruptedException {
        Optional<Slots.FailedTrial> failed = slots.failedTrial();
        if (failed.isPresent()) {
            // the fleet link drops events while it is offline: wait (within the timeout) until it is up
            Instant until = clock.instant().plus(timeout);
            while (health.problem().isPresent() && clock.instant().isBefore(until)) {
                Thread.sleep(500);
            }
            String running = slots.version(slots.active()).map(BundleVersion::toString).orElse("the previous version");
            log.error("version {} did not prove itself ({}); the device runs {} again", failed.get().version(),
                    failed.get().code(), running);
            report("rolled-back", Map.of("version", failed.get().version(), "runningAgain", running,
                    "code", failed.get().code()));
            slots.clearFailedTrial();
            return false;
        }
        if (slots.trialPrevious().isEmpty()) {
            slots.markRunningGood();
            return true;
        }
        String version = slots.version(slots.active()).map(BundleVersion::toString).orElse("unknown");
        Instant deadline = clock.instant().plus(timeout);
        String problem;
        while (true) {
            Optional<String> found = health.problem();
            if (found.isEmpty()) {
                slots.commit();
                report("healthy", Map.of("version", version));
                return true;
            }
            problem = found.get();
            if (!clock.instant().isBefore(deadline)) {
                break;
            }
            Thread.sleep(500);
        }
        slots.rollBack();
        if (slots.rollBackReportedAfterRestart()) {
            // the boot loader starts the previous slot at the reboot; that slot reports rolled-back
            log.error("version {} failed its health check within {} ({}); rebooting into the previous slot", version,
                    timeout, problem);
            report("rolling-back", Map.of("version", version, "code", "health-check-failed", "detail", problem));
            RebootRequest.request();
            restart.run();
            return false;
        }
        String back = slots.version(slots.active()).map(BundleVersion::toString).orElse("the previous version");
        log.error("version {} failed its health check within {} ({}); back to {}", version, timeout, problem, back);
        report("rolled-back", Map.of("version", version, "runningAgain", back, "code", "health-check-failed",
                "detail", problem));
        restart.run();
        return false;
    }

    private void report(String step, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("step", step);
        try {
            reporter.report(step, all);
        } catch (RuntimeException e) {
            log.warn("could not report update step {}: {}", step, e.getMessage());
        }
    }
}

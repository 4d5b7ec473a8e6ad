package dev.salle.device.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bundle.BundleVerifier;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateAgentTest {

    private static final KeyPair RELEASE = ReleaseKeys.generate();

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<String> steps = new ArrayList<>();
    private final List<String> codes = new ArrayList<>();
    private final List<String> runningReported = new ArrayList<>();
    private final List<Map<String, Object>> reported = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicBoolean idle = new AtomicBoolean(true);
    private SlotStore slots;
    private UpdateAgent agent;
    private Path payload;

    @BeforeEach
    void setUp() throws Exception {
        slots = new SlotStore(dir.resolve("slots"));
        payload = Files.writeString(dir.resolve("app.tar"), "device application 1.5.0");
        agent = new UpdateAgent(slots, new BundleVerifier(List.of(RELEASE.getPublic()), "device-app", BundleVersion.parse("1.4.0")),
                idle::get, restarts::incrementAndGet, (step, details) -> {
                    steps.add(step);
                    reported.add(details);
                    if (details.containsKey("code")) {
                        codes.add(String.valueOf(details.get("code")));
                    }
                    if (details.containsKey("running")) {
                        runningReported.add(String.valueOf(details.get("running")));
                    }
                }, dir.resolve("work"), scheduler, clock, Duration.ofSeconds(30));
    }

    @Test
    void aGenuineBundleGoesIntoTheOtherSlotOnTrialAndCommitsWhenHealthy() throws Exception {
        assertThat(agent.offer(bundle("1.5.0", false))).isTrue();
        scheduler.runDue();

        assertThat(steps).containsExactly("verifying", "installing", "rebooting");
        assertThat(restarts.get()).isEqualTo(1);
        assertThat(slots.active()).isEqualTo(SlotStore.B);
        assertThat(slots.version(SlotStore.B)).contains(BundleVersion.parse("1.5.0"));
        assertThat(Files.readString(slots.payload(SlotStore.B))).isEqualTo("device application 1.5.0");
        assertThat(slots.trialPrevious()).contains(SlotStore.A);

        assertThat(agent.onStart(() -> true, Duration.ofSeconds(5))).isTrue();
        assertThat(steps).endsWith("healthy");
        assertThat(slots.trialPrevious()).isEmpty();
        assertThat(slots.active()).isEqualTo(SlotStore.B);
    }

    @Test
    void aVersionOnTrialIsNotCommittedWhileItsHealthNamesAProblemAndTheRollBackSaysWhich() throws Exception {
        agent.offer(bundle("1.5.0", false));
        scheduler.runDue();

        assertThat(agent.onStart(() -> Optional.of("the display pipeline is PAUSED, not PLAYING"), Duration.ZERO)).isFalse();

        assertThat(steps).endsWith("rolled-back");
        assertThat(reported.getLast()).containsEntry("code", "health-check-failed")
                .containsEntry("detail", "the display pipeline is PAUSED, not PLAYING");
        assertThat(slots.active()).isEqualTo(SlotStore.A);
        assertThat(slots.trialPrevious()).isEmpty();
    }

    @Test
    void aVersionOnTrialCommitsOnceItsHealthProblemClearsWithinTheTimeout() throws Exception {
        agent.offer(bundle("1.5.0", false));
        scheduler.runDue();
        AtomicInteger asked = new AtomicInteger();

        assertThat(agent.onStart(() -> asked.incrementAndGet() < 3 ? Optional.of("the display pipeline is not started, not PLAYING")
                : Optional.empty(), Duration.ofMinutes(5))).isTrue();

        assertThat(asked.get()).isEqualTo(3);
        assertThat(steps).endsWith("healthy");
        assertThat(slots.active()).isEqualTo(SlotStore.B);
        assertThat(slots.trialPrevious()).isEmpty();
    }

    @Test
    void aRepeatedAskWhileTheNewVersionIsOnTrialIsIgnored() throws Exception {
        agent.offer(bundle("1.5.0", false));
        scheduler.runDue();
        steps.clear();

        assertThat(agent.offer(bundle("1.5.0", false))).isFalse();
        scheduler.runDue();

        assertThat(steps).isEmpty();
        assertThat(restarts.get()).isEqualTo(1);
    }

    @Test
    void aVersionThatFailsItsHealthCheckGoesBackToTheOldSlotByItself() throws Exception {
        agent.offer(bundle("1.5.0", false));
        scheduler.runDue();

        assertThat(agent.onStart(() -> false, Duration.ZERO)).isFalse();

        assertThat(steps).endsWith("rolled-back");
        assertThat(codes).contains("health-check-failed");
        assertThat(slots.active()).isEqualTo(SlotStore.A);
        assertThat(slots.trialPrevious()).isEmpty();
        assertThat(restarts.get()).isEqualTo(2);
    }

    @Test
    void aTamperedBundleIsRefusedBeforeAnythingIsInstalled() throws Exception {
        Path bundle = bundle("1.5.0", false);
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(bundle, bytes);

        agent.offer(bundle);
        scheduler.runDue();

        assertThat(steps).containsExactly("verifying", "refused");
        assertThat(codes).containsExactly("payload-mismatch");
        assertThat(slots.active()).isEqualTo(SlotStore.A);
        assertThat(slots.version(SlotStore.B)).isEmpty();
        assertThat(dir.resolve("work/staged.payload")).doesNotExist();
        assertThat(restarts.get()).isZero();
        assertThat(agent.offer(bundle("1.5.0", false))).as("the agent is free again").isTrue();
    }

    @Test
    void anOlderBundleIsRefusedUnlessMarkedAsARollback() throws Exception {
        agent.offer(bundle("1.3.0", false));
        scheduler.runDue();
        assertThat(codes).containsExactly("not-newer");
        assertThat(runningReported).containsExactly("1.4.0");

        agent.offer(bundle("1.3.0", true));
        scheduler.runDue();
        assertThat(slots.version(slots.active())).contains(BundleVersion.parse("1.3.0"));
    }

    @Test
    void aRoomInACallDefersTheInstallUntilTheCallEnds() throws Exception {
        idle.set(false);
        agent.offer(bundle("1.5.0", false));
        scheduler.runDue();
        scheduler.advance(Duration.ofMinutes(2));

        assertThat(steps).startsWith("verifying", "deferred").doesNotContain("installing");
        assertThat(restarts.get()).isZero();
        assertThat(agent.offer(bundle("1.6.0", false))).as("one update at a time").isFalse();

        idle.set(true);
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(steps).endsWith("installing", "rebooting");
        assertThat(restarts.get()).isEqualTo(1);
    }

    private Path bundle(String version, boolean rollback) throws Exception {
        Path out = dir.resolve("bundle-" + version + (rollback ? "-rb" : "") + ".bin");
        try (OutputStream o = Files.newOutputStream(out)) {
            BundleWriter.write(payload, BundleVersion.parse(version), "device-app", BundleVersion.parse("1.0.0"), rollback,
                    RELEASE, clock.instant(), o);
        }
        return out;
    }
}

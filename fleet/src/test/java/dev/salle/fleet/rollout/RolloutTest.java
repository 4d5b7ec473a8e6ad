package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final List<String> HUNDRED = IntStream.range(0, 100).mapToObj(i -> "d-%03d".formatted(i)).toList();
    private static final RolloutPolicy POLICY = new RolloutPolicy(RolloutPolicy.parseWaves("1%,10%,50%,100%"), 100, 5, true,
            Duration.ofHours(24));

    @Test
    void aHappyRolloutStartsEachWaveWhenThePreviousOneSucceededAndEndsDone() {
        Rollout rollout = Rollout.create("r1", "1.5.0", HUNDRED, POLICY, T0);
        List<Integer> started = new java.util.ArrayList<>();

        for (int round = 0; round < 10 && rollout.state() == Rollout.State.RUNNING; round++) {
            List<String> now = rollout.toStart();
            started.add(now.size());
            now.forEach(id -> rollout.report(id, new Rollout.Report.Progress("downloading"), T0));
            assertThat(rollout.toStart()).isEmpty();
            now.forEach(id -> rollout.report(id, new Rollout.Report.Succeeded(), T0));
        }

        assertThat(started).containsExactly(1, 9, 40, 50);
        assertThat(rollout.state()).isEqualTo(Rollout.State.DONE);
        assertThat(rollout.counts()).containsEntry(DeviceProgress.SUCCEEDED, 100L);
    }

    @Test
    void aBundleFailingOnTenPercentHaltsAtTheFirstWavePastTheLimitAndNothingLaterStarts() {
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("1%,10%,50%,100%"), 80, 5, true,
                Duration.ofHours(24));
        Rollout rollout = Rollout.create("r2", "1.5.0", HUNDRED, policy, T0);

        for (int round = 0; round < 10 && rollout.state() == Rollout.State.RUNNING; round++) {
            for (String id : rollout.toStart()) {
                boolean bad = Integer.parseInt(id.substring(2)) % 10 == 3;
                rollout.report(id, bad ? new Rollout.Report.Failed("rolled-back") : new Rollout.Report.Succeeded(), T0);
            }
        }

        assertThat(rollout.state()).isEqualTo(Rollout.State.HALTED);
        assertThat(rollout.currentWave()).isEqualTo(2);
        assertThat(rollout.reason()).contains("5 failures reached the limit of 5");
        assertThat(rollout.devices()).filteredOn(d -> d.wave() == 3)
                .allSatisfy(d -> assertThat(d.progress()).isEqualTo(DeviceProgress.WAITING));
        assertThat(rollout.counts().get(DeviceProgress.FAILED)).isEqualTo(5L);
        assertThat(rollout.device("d-013").detail()).isEqualTo("rolled-back");
    }

    @Test
    void aWaveBelowItsSuccessThresholdHaltsTheRolloutEvenUnderTheFailureLimit() {
        Rollout rollout = Rollout.create("r2b", "1.5.0", HUNDRED, POLICY, T0);
        rollout.toStart().forEach(id -> rollout.report(id, new Rollout.Report.Succeeded(), T0));
        List<String> second = rollout.toStart();
        rollout.report(second.get(0), new Rollout.Report.Failed("bad-signature"), T0);
        second.subList(1, second.size()).forEach(id -> rollout.report(id, new Rollout.Report.Succeeded(), T0));

        assertThat(rollout.state()).isEqualTo(Rollout.State.HALTED);
        assertThat(rollout.reason()).contains("wave 2: 8 of 9 succeeded, below 100%");
        assertThat(rollout.toStart()).isEmpty();
    }

    @Test
    void anOfflineDeviceIsAskedAgainUntilItReportsOrTimesOut() {
        RolloutPolicy policy = new RolloutPolicy(List.of(50, 100), 50, 2, false, Duration.ofHours(1));
        Rollout rollout = Rollout.create("r3", "1.5.0", List.of("a", "b", "c", "d"), policy, T0);
        rollout.report("a", new Rollout.Report.Succeeded(), T0);

        rollout.tick(T0.plus(Duration.ofMinutes(30)));
        assertThat(rollout.toStart()).containsExactly("b");
        rollout.report("b", new Rollout.Report.Succeeded(), T0.plus(Duration.ofMinutes(40)));
        assertThat(rollout.toStart()).containsExactly("c", "d");

        rollout.report("c", new Rollout.Report.Succeeded(), T0.plus(Duration.ofMinutes(50)));
        rollout.tick(T0.plus(Duration.ofMinutes(40)).plus(Duration.ofHours(1)));
        assertThat(rollout.device("d").progress()).isEqualTo(DeviceProgress.TIMED_OUT);
        assertThat(rollout.state()).isEqualTo(Rollout.State.DONE);
    }

    @Test
    void onlyDevicesAtAStepARestartLosesAreInterruptible() {
        RolloutPolicy policy = new RolloutPolicy(List.of(100), 100, 1, false, Duration.ofHours(1));
        Rollout rollout = Rollout.create("r5", "1.5.0", List.of("a", "b", "c", "d", "e"), policy, T0);
        rollout.report("a", new Rollout.Report.Progress("downloading"), T0);
        rollout.report("b", new Rollout.Report.Progress("installing"), T0);
        rollout.report("c", new Rollout.Report.Progress("rebooting"), T0);
        rollout.report("d", new Rollout.Report.Failed("payload-mismatch"), T0);
        assertThat(rollout.interruptible()).as("a rebooting device comes back on its own; a finished one is done")
                .containsExactlyInAnyOrder("a", "b");
        rollout.pause();
        assertThat(rollout.interruptible()).as("started devices go on while paused").containsExactlyInAnyOrder("a", "b");
        rollout.abort();
        assertThat(rollout.interruptible()).isEmpty();
    }

    @Test
    void pauseHoldsTheNextWaveResumeStartsItAndRetryRestartsOnlyTheFailed() {
        RolloutPolicy policy = new RolloutPolicy(List.of(50, 100), 100, 1, false, Duration.ofHours(1));
        Rollout rollout = Rollout.create("r4", "1.5.0", List.of("a", "b", "c", "d"), policy, T0);
        rollout.pause();
        assertThat(rollout.toStart()).isEmpty();
        rollout.report("a", new Rollout.Report.Succeeded(), T0);
        rollout.report("b", new Rollout.Report.Succeeded(), T0);
        assertThat(rollout.device("c").progress()).as("no wave starts while paused").isEqualTo(DeviceProgress.WAITING);

        rollout.resume(T0);
        assertThat(rollout.toStart()).containsExactly("c", "d");
        rollout.report("c", new Rollout.Report.Failed("payload-mismatch"), T0);
        assertThat(rollout.state()).isEqualTo(Rollout.State.HALTED);

        rollout.retryFailed(T0);
        assertThat(rollout.state()).isEqualTo(Rollout.State.RUNNING);
        assertThat(rollout.toStart()).containsExactly("c", "d");
        rollout.report("c", new Rollout.Report.Succeeded(), T0);
        rollout.report("d", new Rollout.Report.Succeeded(), T0);
        assertThat(rollout.state()).isEqualTo(Rollout.State.DONE);

        Rollout aborted = Rollout.create("r5", "1.5.0", List.of("a", "b"), policy, T0);
        aborted.abort();
        assertThat(aborted.toStart()).isEmpty();
        assertThat(aborted.report("a", new Rollout.Report.Succeeded(), T0)).isFalse();
    }

    @Test
    void aRolloutRestoredFromItsSnapshotCarriesOnWhereItWas() {
        Rollout rollout = Rollout.create("r6", "1.5.0", HUNDRED, POLICY, T0);
        rollout.toStart().forEach(id -> rollout.report(id, new Rollout.Report.Succeeded(), T0));
        rollout.report(rollout.toStart().get(0), new Rollout.Report.Progress("installing"), T0);

        Rollout restored = Rollout.restore(rollout.snapshot());

        assertThat(restored.snapshot()).isEqualTo(rollout.snapshot());
        assertThat(restored.currentWave()).isEqualTo(1);
        assertThat(restored.toStart()).hasSize(8);
        for (int round = 0; round < 10 && restored.state() == Rollout.State.RUNNING; round++) {
            restored.devices().stream().filter(d -> d.progress() == DeviceProgress.STARTED
                            || d.progress() == DeviceProgress.IN_PROGRESS)
                    .forEach(d -> restored.report(d.id(), new Rollout.Report.Succeeded(), T0));
        }
        assertThat(restored.state()).isEqualTo(Rollout.State.DONE);
        assertThatThrownBy(() -> Rollout.restore("{\"id\":1}")).hasMessageContaining("cannot be read back");
    }

    @Test
    void aRolloutSavedInTheDatabaseIsResumedByAFleetManagerThatRestarted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String db = "jdbc:h2:file:" + dir.resolve("fleet") + ";DB_CLOSE_DELAY=0";
        Rollout rollout = Rollout.create("r8", "1.5.0", HUNDRED, POLICY, T0);
        rollout.toStart().forEach(id -> rollout.report(id, new Rollout.Report.Succeeded(), T0));
        try (var registry = dev.salle.fleet.registry.DeviceRegistry.open(db, "sa", "");
             RolloutStore store = new RolloutStore(db, "sa", "")) {
            store.save(rollout, T0);
            store.save(Rollout.create("done", "1.5.0", List.of("x"), POLICY, T0), T0);
            assertThat(registry.onlineCount()).as("the registry's migrations made both tables").isZero();
        }

        try (var registry = dev.salle.fleet.registry.DeviceRegistry.open(db, "sa", "");
             RolloutStore store = new RolloutStore(db, "sa", "")) {
            Rollout resumed = store.load("r8").orElseThrow();
            assertThat(registry.devices(java.util.Optional.empty())).isEmpty();
            assertThat(resumed.snapshot()).isEqualTo(rollout.snapshot());
            assertThat(store.unfinished()).extracting(Rollout::id).containsExactly("done", "r8");
        }
    }

    @Test
    void devicesUpdateEventsBecomeReportsAndAnAlreadyUpdatedDeviceCountsAsDone() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.function.Function<String, Rollout.Report> report = text -> {
            try {
                return RolloutRunner.reportFor("1.5.0", json.readTree(text));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(report.apply("{\"step\":\"healthy\",\"version\":\"1.5.0\"}")).isEqualTo(new Rollout.Report.Succeeded());
        assertThat(report.apply("{\"step\":\"healthy\",\"version\":\"1.4.0\"}")).isEqualTo(new Rollout.Report.Failed("healthy-on-1.4.0"));
        assertThat(report.apply("{\"step\":\"refused\",\"code\":\"not-newer\",\"running\":\"1.5.0\"}"))
                .as("asked again after a fleet restart").isEqualTo(new Rollout.Report.Succeeded());
        assertThat(report.apply("{\"step\":\"refused\",\"code\":\"not-newer\",\"running\":\"1.6.0\"}"))
                .isEqualTo(new Rollout.Report.Failed("not-newer"));
        assertThat(report.apply("{\"step\":\"refused\",\"code\":\"bad-signature\",\"running\":\"1.4.0\"}"))
                .isEqualTo(new Rollout.Report.Failed("bad-signature"));
        assertThat(report.apply("{\"step\":\"rolled-back\",\"code\":\"health-check-failed\"}"))
                .isEqualTo(new Rollout.Report.Failed("rolled-back"));
        assertThat(report.apply("{\"step\":\"downloading\",\"percent\":40}")).isEqualTo(new Rollout.Report.Progress("downloading"));
        assertThat(report.apply("{}")).isEqualTo(new Rollout.Report.Progress(""));
    }

    @Test
    void unreasonablePoliciesAndStrangersAreRefused() {
        for (String waves : new String[] {"10%,50%", "50%,10%,100%", "0%,100%", "10%,10%,100%", "a,b", "100%,101%"}) {
            assertThatThrownBy(() -> new RolloutPolicy(RolloutPolicy.parseWaves(waves), 100, 1, false, Duration.ofHours(1)))
                    .as(waves).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new RolloutPolicy(List.of(100), 0, 1, false, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RolloutPolicy(List.of(100), 100, 101, true, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rollout.create("r", "1.5.0", List.of(), POLICY, T0)).isInstanceOf(IllegalArgumentException.class);
        Rollout rollout = Rollout.create("r7", "1.5.0", HUNDRED, POLICY, T0);
        assertThat(rollout.report("not-in-target", new Rollout.Report.Succeeded(), T0)).isFalse();
        assertThat(rollout.report("d-099", new Rollout.Report.Succeeded(), T0)).as("a device whose wave has not started").isFalse();
    }
}

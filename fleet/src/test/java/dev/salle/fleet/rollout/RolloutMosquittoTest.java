package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.fleet.monitor.FleetMonitor;
import dev.salle.fleet.registry.DeviceRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts end to end on loopback: the fleet's runner sends {@code update} commands over MQTT with
 * mutual TLS (Mosquitto, per-device ACLs); 20 devices with the device's real fleet agent,
 * downloader and update agent fetch a signed bundle over HTTPS, verify it, install it into their
 * other slot, restart into it, and report; the rollout advances wave by wave, or halts.
 */
class RolloutMosquittoTest {

    private static final int DEVICES = 20;

    @TempDir
    Path dir;

    private RolloutRig rig;
    private List<UpdatingDevice> devices;
    private DeviceRegistry registry;
    private RolloutStore store;
    private FleetMonitor monitor;
    private final ScheduledExecutorService runnerThread = Executors.newSingleThreadScheduledExecutor();
    private RolloutRunner runner;

    @BeforeEach
    void start() throws Exception {
        rig = new RolloutRig(dir, DEVICES);
        devices = rig.devices;
        String db = "jdbc:h2:file:" + dir.resolve("fleet") + ";DB_CLOSE_DELAY=0";
        registry = DeviceRegistry.open(db, "sa", "");
        store = new RolloutStore(db, "sa", "");
        monitor = new FleetMonitor(rig.broker.uri(), "salle-fleet", rig.fleetTls(), "salle/v1", registry, rig.clock);
        monitor.start();
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        runnerThread.shutdownNow();
        monitor.close();
        store.close();
        registry.close();
        rig.close();
    }

    @Test
    void everyDeviceReachesTheNewVersionWaveByWaveEvenOneInACallAndOneThatWasOffline() throws Exception {
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        devices.get(DEVICES - 1).inCall.set(true);
        startDevicesExceptLast(1);

        runner = run("r-happy", "1.5.0", bundle, new RolloutPolicy(List.of(10, 50, 100), 100, 1, false,
                Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(60)).until(() -> runner.rollout().currentWave() == 2);
        devices.get(DEVICES - 2).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.rollout().device("d-sim019").detail().equals("deferred"));
        assertThat(devices.get(DEVICES - 1).running()).as("a room in a call is not updated").isEqualTo("1.4.0");
        devices.get(DEVICES - 1).inCall.set(false);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(runner.rollout().state()).as("%s %s", runner.rollout(), runner.rollout().counts()).isEqualTo(Rollout.State.DONE));
        assertThat(devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.5.0"));
        // the runner saves at its next tick, not per report
        await().atMost(Duration.ofSeconds(10)).until(() -> store.load("r-happy").orElseThrow().state() == Rollout.State.DONE);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(registry.devices(Optional.empty())).allSatisfy(r -> assertThat(r.version()).contains("1.5.0")));
    }

    @Test
    void aBundleFailingItsHealthCheckOnTenPercentHaltsAndThoseDevicesRollBack() throws Exception {
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        devices.get(3).failHealthCheckAfterUpdate();
        devices.get(13).failHealthCheckAfterUpdate();
        startDevicesExceptLast(0);

        runner = run("r-fail", "1.5.0", bundle, new RolloutPolicy(List.of(10, 50, 100), 80, 5, true,
                Duration.ofMinutes(5)));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(runner.rollout().state()).as("%s", runner.rollout().counts()).isEqualTo(Rollout.State.HALTED));
        Rollout r = runner.rollout();
        assertThat(r.currentWave()).isEqualTo(1);
        assertThat(r.device("d-sim003").detail()).isEqualTo("rolled-back");
        await().atMost(Duration.ofSeconds(20)).until(() -> devices.get(3).running().equals("1.4.0"));
        assertThat(r.devices()).filteredOn(d -> d.wave() == 2)
                .allSatisfy(d -> assertThat(d.progress()).isEqualTo(DeviceProgress.WAITING));
        assertThat(devices.subList(10, DEVICES)).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.4.0"));
    }

    @Test
    void aDeviceThatLosesPowerWhileDownloadingIsAskedAgainWhenItReturnsAndFinishes() throws Exception {
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        devices.get(4).losePowerWhileDownloading();
        startDevicesExceptLast(0);

        runner = run("r-power-cut", "1.5.0", bundle, new RolloutPolicy(List.of(100), 100, 1, false, Duration.ofMinutes(5)));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(runner.rollout().state()).as("%s %s", runner.rollout().device("d-sim004"), runner.rollout().counts())
                        .isEqualTo(Rollout.State.DONE));
        assertThat(devices.get(4).running()).isEqualTo("1.5.0");
        assertThat(devices.get(4).updateCommands()).as("asked once, and again after it came back").isEqualTo(2);
        assertThat(devices.get(5).updateCommands()).as("a device that stayed is asked once").isEqualTo(1);
    }

    @Test
    void aTamperedBundleIsRefusedByEveryDeviceBeforeInstallWithTheReasonAtTheFleet() throws Exception {
        byte[] tampered = rig.bundle("1.5.0");
        tampered[tampered.length - 10] ^= 0x01;
        URI bundle = rig.serve("/1.5.0.bundle", tampered);
        startDevicesExceptLast(0);

        runner = run("r-tampered", "1.5.0", bundle, new RolloutPolicy(List.of(10, 100), 100, 2, false,
                Duration.ofMinutes(5)));

        await().atMost(Duration.ofSeconds(60)).until(() -> runner.rollout().state() == Rollout.State.HALTED);
        assertThat(runner.rollout().devices()).filteredOn(d -> d.wave() == 0)
                .allSatisfy(d -> assertThat(d.detail()).isEqualTo("payload-mismatch"));
        assertThat(devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.4.0"));
    }

    private void startDevicesExceptLast(int held) {
        devices.subList(0, DEVICES - 1 - held + (held == 0 ? 1 : 0)).forEach(UpdatingDevice::start);
        if (held == 1) {
            devices.get(DEVICES - 1).start();
        }
        int expected = held == 1 ? DEVICES - 1 : DEVICES;
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.onlineCount() == expected);
    }

    private RolloutRunner run(String id, String version, URI bundle, RolloutPolicy policy) {
        Rollout rollout = Rollout.create(id, version, rig.deviceIds(), policy, rig.clock.instant());
        RolloutRunner r = new RolloutRunner(rollout, bundle, monitor, registry, store, rig.clock, runnerThread);
        r.start(Duration.ofMillis(300));
        return r;
    }
}

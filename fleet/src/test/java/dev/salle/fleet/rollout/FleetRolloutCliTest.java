package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.bundle.ReleaseKeys;
import dev.salle.fleet.FleetMain;
import dev.salle.fleet.FleetManager;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.BundleServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's path: {@code rollout create} with a target and waves, a running fleet manager that
 * picks it up, is restarted in the middle and carries on, and {@code rollout status --watch}
 * following it to done.
 */
class FleetRolloutCliTest {

    private static final int DEVICES = 10;

    @TempDir
    Path dir;

    private RolloutRig rig;
    private FleetManager manager;
    private String db;
    private final ExecutorService watcher = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws Exception {
        rig = new RolloutRig(dir, DEVICES);
        db = "jdbc:h2:file:" + dir.resolve("fleet") + ";AUTO_SERVER=TRUE";
        manager = startManager();
        rig.devices.forEach(UpdatingDevice::start);
        await().atMost(Duration.ofSeconds(60)).until(() -> manager.registry().onlineCount() == DEVICES);
    }

    @AfterEach
    void stop() throws Exception {
        watcher.shutdownNow();
        if (manager != null) {
            manager.close();
        }
        rig.close();
    }

    @Test
    void createWatchAndSurviveAFleetRestartToDone() throws Exception {
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        UpdatingDevice lastInACall = rig.devices.get(DEVICES - 1);
        lastInACall.inCall.set(true);
        StringWriter created = new StringWriter();

        assertThat(run(created, "rollout", "create", "--id", "r-cli", "--version", "1.5.0", "--bundle-url", bundle.toString(),
                "--target", "site=Lyon", "--waves", "20%,60%,100%", "--max-failures", "1", "--db", db)).isZero();
        assertThat(created.toString()).contains("Rollout r-cli: 1.5.0 to 10 device(s) (site=Lyon) in 3 waves");
        StringWriter watched = new StringWriter();
        Future<Integer> watch = watcher.submit(() -> run(watched, "rollout", "status", "r-cli", "--watch",
                "--interval", "1s", "--timeout", "180s", "--db", db));

        await().atMost(Duration.ofSeconds(60)).until(() -> manager.rollouts().load("r-cli").orElseThrow().currentWave() == 2);
        assertThat(manager.rollouts().load("r-cli").orElseThrow().state()).as("held by the room in a call").isEqualTo(Rollout.State.RUNNING);
        manager.close();
        manager = startManager();
        lastInACall.inCall.set(false);

        assertThat(watch.get(180, TimeUnit.SECONDS)).as(watched.toString()).isZero();
        assertThat(watched.toString()).contains("r-cli 1.5.0 [").contains("wave 1/3").contains("DONE")
                .contains("10/10 updated, 0 failed").contains("wave 3: 4 device(s), 4 updated, 0 failed");
        assertThat(rig.devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.5.0"));
        StringWriter status = new StringWriter();
        assertThat(run(status, "rollout", "status", "--db", db)).isZero();
        assertThat(status.toString()).contains("r-cli 1.5.0 [##############################] 10/10 updated");
    }

    @Test
    void pauseResumeAbortAndRetryGoThroughTheRunningManager() throws Exception {
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        UpdatingDevice held = rig.devices.get(0);
        held.inCall.set(true); // the first wave stays open until this room leaves its call
        StringWriter out = new StringWriter();
        assertThat(run(out, "rollout", "create", "--id", "r-ctl", "--version", "1.5.0", "--bundle-url", bundle.toString(),
                "--waves", "10%,100%", "--max-failures", "1", "--db", db)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> manager.rollouts().load("r-ctl").orElseThrow()
                .device("d-sim000").detail().equals("deferred"));

        StringWriter pause = new StringWriter();
        assertThat(run(pause, "rollout", "pause", "r-ctl", "--db", db)).as(pause.toString()).isZero();
        assertThat(pause.toString()).contains("pause r-ctl: RUNNING -> PAUSED");
        held.inCall.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> held.running().equals("1.5.0"));
        Thread.sleep(1500); // several manager passes: a paused rollout starts no second wave
        assertThat(manager.rollouts().load("r-ctl").orElseThrow().currentWave()).isZero();
        assertThat(rig.devices.get(5).running()).isEqualTo("1.4.0");

        StringWriter again = new StringWriter();
        assertThat(run(again, "rollout", "pause", "r-ctl", "--db", db)).isEqualTo(1);
        assertThat(again.toString()).contains("unchanged: the rollout is PAUSED");
        StringWriter resume = new StringWriter();
        assertThat(run(resume, "rollout", "resume", "r-ctl", "--db", db)).isZero();
        assertThat(resume.toString()).contains("PAUSED -> RUNNING");
        await().atMost(Duration.ofSeconds(60)).until(() -> manager.rollouts().load("r-ctl").orElseThrow().state()
                == Rollout.State.DONE);

        StringWriter abort = new StringWriter();
        assertThat(run(abort, "rollout", "abort", "r-ctl", "--db", db)).isEqualTo(1);
        assertThat(abort.toString()).contains("unchanged: the rollout is DONE");
        StringWriter unknown = new StringWriter();
        assertThat(run(unknown, "rollout", "retry", "r-none", "--db", db)).isEqualTo(2);
        assertThat(unknown.toString()).contains("no rollout 'r-none'");
        assertThat(manager.rollouts().pendingControls()).isEmpty();
    }

    @Test
    void badRolloutRequestsAreRefusedWithAClearLine() {
        StringWriter out = new StringWriter();
        assertThat(run(out, "rollout", "create", "--version", "1.5.0", "--bundle-url", "http://127.0.0.1/b", "--db", db))
                .isEqualTo(2);
        assertThat(run(out, "rollout", "create", "--version", "1.5.0", "--bundle-url", "https://127.0.0.1/b",
                "--waves", "50%,10%", "--db", db)).isEqualTo(2);
        assertThat(run(out, "rollout", "create", "--version", "1.5.0", "--bundle-url", "https://127.0.0.1/b",
                "--target", "site=Nowhere", "--db", db)).isEqualTo(1);
        assertThat(run(out, "rollout", "status", "nothing", "--db", db)).isEqualTo(1);
    }

    @Test
    void aBundleFileIsCheckedHostedByTheFleetAndEveryDeviceUpdatesFromIt() throws Exception {
        Path library = dir.resolve("bundles");
        StringWriter notServed = new StringWriter();
        Path file = Files.write(dir.resolve("salle-1.5.0.bundle"), rig.bundle("1.5.0"));
        assertThat(run(notServed, "rollout", "create", "--bundle", file.toString(), "--bundles", library.toString(),
                "--db", db)).isEqualTo(2);
        assertThat(notServed.toString()).contains("no fleet manager serves " + library + " yet");
        // what fleet serve does: the bundle server with a certificate of the device CA, its address recorded
        BundleServer server = new BundleServer("127.0.0.1", 0, rig.ca.issueServer("salle-fleet-bundles",
                List.of("127.0.0.1")), new BundleLibrary(library));
        server.start();
        try {
            new BundleLibrary(library).servedAt(server.base("127.0.0.1"));
            Path releasePub = Files.writeString(dir.resolve("release.pub"), ReleaseKeys.publicPem(RolloutRig.RELEASE.getPublic()));
            byte[] damaged = rig.bundle("1.5.0");
            damaged[damaged.length - 3] ^= 0x01;
            Path bad = Files.write(dir.resolve("damaged.bundle"), damaged);
            StringWriter refused = new StringWriter();
            StringWriter mismatch = new StringWriter();
            StringWriter both = new StringWriter();

            assertThat(run(refused, "rollout", "create", "--bundle", bad.toString(), "--bundles", library.toString(),
                    "--db", db)).isEqualTo(1);
            assertThat(run(mismatch, "rollout", "create", "--bundle", file.toString(), "--version", "1.6.0",
                    "--bundles", library.toString(), "--db", db)).isEqualTo(2);
            assertThat(run(both, "rollout", "create", "--bundle", file.toString(), "--bundle-url", "https://127.0.0.1/b",
                    "--bundles", library.toString(), "--db", db)).isEqualTo(2);
            assertThat(refused.toString()).contains("is refused (payload-mismatch)").contains("no rollout was created");
            assertThat(mismatch.toString()).contains("--version 1.6.0, but " + file + " installs 1.5.0");
            assertThat(both.toString()).contains("one of the two");
            assertThat(manager.rollouts().all()).isEmpty();

            StringWriter created = new StringWriter();
            assertThat(run(created, "rollout", "create", "--id", "r-hosted", "--bundle", file.toString(), "--release-key",
                    releasePub.toString(), "--bundles", library.toString(), "--waves", "50%,100%", "--db", db))
                    .as(created.toString()).isZero();
            assertThat(created.toString()).contains("Bundle 1.5.0 for device-app").contains("signature checked")
                    .contains("Rollout r-hosted: 1.5.0 to 10 device(s)");
            await().atMost(Duration.ofSeconds(90)).until(() -> manager.rollouts().load("r-hosted").orElseThrow().state()
                    == Rollout.State.DONE);
            assertThat(rig.devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.5.0"));
            assertThat(server.count(BundleServer.Outcome.WHOLE)).isEqualTo(DEVICES);
            try (var files = Files.list(library)) {
                assertThat(files.filter(f -> f.toString().endsWith(".bundle")).count()).as("the damaged file was not kept").isOne();
            }
        } finally {
            server.close();
        }
    }

    private FleetManager startManager() {
        return FleetManager.start(rig.broker.uri(), rig.fleetTls(), "salle/v1", db, "sa", "", rig.clock,
                Duration.ofMillis(500), Duration.ofMillis(300));
    }

    private static int run(StringWriter out, String... args) {
        CommandLine line = FleetMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(out, true));
        return line.execute(args);
    }
}

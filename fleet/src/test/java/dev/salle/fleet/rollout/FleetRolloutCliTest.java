package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.fleet.FleetMain;
import dev.salle.fleet.FleetManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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

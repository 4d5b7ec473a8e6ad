package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.config.ConfigFile;
import dev.salle.device.config.DeviceConfig;
import dev.salle.fleet.FleetMain;
import dev.salle.fleet.FleetManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Layered configuration end to end: Mosquitto with mutual TLS and per-device ACLs, the fleet
 * manager, six simulated rooms on two sites whose {@code set-config} goes into the device app's
 * real config store and file, and the CLI writing the layers.
 */
class LayeredConfigMosquittoTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RolloutRig rig;
    private FleetManager manager;
    private String db;

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    private UpdatingDevice device(int i) {
        return rig.devices.get(i);
    }

    private static DeviceConfig.Call call(UpdatingDevice d) {
        return d.config.current().call();
    }

    @Test
    void layersReachEachDeviceWithTheNarrowestWinningAndAnOfflineDeviceCatchesUpWhenItReturns() throws Exception {
        rig = new RolloutRig(dir, 6);
        db = "jdbc:h2:file:" + dir.resolve("fleet") + ";AUTO_SERVER=TRUE";
        for (int i = 3; i < 6; i++) {
            device(i).in("Paris");
        }
        device(5).refuse("call.meeting");
        manager = FleetManager.start(rig.broker.uri(), rig.fleetTls(), "salle/v1", db, "sa", "", rig.clock,
                Duration.ofMillis(300), Duration.ofMillis(300));
        for (int i = 0; i < 6; i++) {
            if (i != 4) { // d-sim004 has never been online yet
                device(i).start();
            }
        }
        await().atMost(WAIT).until(() -> manager.registry().onlineCount() == 5);

        StringWriter out = new StringWriter();
        assertThat(cli(out, "config", "set", "--scope", "org", "call.join-timeout=25s", "--db", db)).isZero();
        assertThat(out.toString()).contains("Set 1 value(s) for org. It applies to 5 known device(s)");
        assertThat(cli(out, "config", "set", "--scope", "site=Paris", "call.error-hold=4s",
                "call.meeting=https://visio.example/par-isss-ite", "--db", db)).isZero();
        assertThat(cli(out, "config", "set", "--scope", "device=d-sim001", "call.join-timeout=40s", "--db", db)).isZero();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(call(device(0)).joinTimeout()).isEqualTo(Duration.ofSeconds(25));
            assertThat(call(device(1)).joinTimeout()).as("the device's own layer wins").isEqualTo(Duration.ofSeconds(40));
            assertThat(call(device(3)).errorHold()).isEqualTo(Duration.ofSeconds(4));
            assertThat(call(device(3)).meeting()).isEqualTo("https://visio.example/par-isss-ite");
            assertThat(manager.layers().status("d-sim005").error()).hasValueSatisfying(e -> assertThat(e)
                    .contains("invalid-argument").contains("call.meeting"));
        });
        assertThat(call(device(0)).errorHold()).as("Paris's layer is not Lyon's").isEqualTo(Duration.ofSeconds(10));
        assertThat(call(device(5)).meeting()).as("a refused change changes nothing").isEmpty();
        assertThat(call(device(5)).errorHold()).as("nor the value that came with it").isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigFile.load(dir.resolve("d-sim003/device.conf")))
                .as("written to the device's config file").containsEntry("call.error-hold", "4s");

        // the pusher records what the devices accepted at its next pass
        await().atMost(WAIT).until(() -> manager.layers().status("d-sim003").appliedAt().isPresent()
                && manager.layers().status("d-sim005").error().isPresent());
        StringWriter show = new StringWriter();
        assertThat(cli(show, "config", "show", "--device", "d-sim003", "--db", db)).isZero();
        assertThat(show.toString()).containsPattern("call\\.error-hold +4s +site=Paris +yes")
                .containsPattern("call\\.join-timeout +25s +org +yes").contains("the device has them all");
        StringWriter refused = new StringWriter();
        cli(refused, "config", "show", "--device", "d-sim005", "--db", db);
        assertThat(refused.toString()).contains("the device refused them: invalid-argument");

        // a device that is offline when a layer changes gets it when it returns
        device(2).goOffline();
        await().atMost(WAIT).until(() -> !manager.registry().device("d-sim002").orElseThrow().online());
        assertThat(cli(out, "config", "set", "--scope", "site=Lyon", "call.leave-timeout=7s", "--db", db)).isZero();
        await().atMost(WAIT).until(() -> call(device(0)).leaveTimeout().equals(Duration.ofSeconds(7)));
        StringWriter pending = new StringWriter();
        cli(pending, "config", "show", "--device", "d-sim002", "--db", db);
        assertThat(pending.toString()).containsPattern("call\\.leave-timeout +7s +site=Lyon +pending")
                .contains("sent when the device is online again");
        assertThat(call(device(2)).leaveTimeout()).isEqualTo(Duration.ofSeconds(5));
        device(2).comeBack();
        device(4).start();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(call(device(2)).leaveTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(call(device(4)).errorHold()).as("a device seen for the first time").isEqualTo(Duration.ofSeconds(4));
        });

        // unset: the organisation's value goes, the device's own layer stays, the rest get the default
        assertThat(cli(out, "config", "unset", "--scope", "org", "call.join-timeout", "--db", db)).isZero();
        await().atMost(WAIT).until(() -> call(device(0)).joinTimeout().equals(Duration.ofSeconds(20)));
        assertThat(call(device(1)).joinTimeout()).isEqualTo(Duration.ofSeconds(40));

        StringWriter layers = new StringWriter();
        assertThat(cli(layers, "config", "layers", "--db", db)).isZero();
        assertThat(layers.toString()).contains("device=d-sim001", "site=Lyon", "site=Paris", "4 value(s)")
                .doesNotContain("call.join-timeout  25s");
    }

    @Test
    void theCliRefusesBadLayersAndStoresNothing() throws Exception {
        db = "jdbc:h2:file:" + dir.resolve("fleet") + ";AUTO_SERVER=TRUE";
        for (List<String> args : List.of(
                List.of("--scope", "org", "fleet.broker=mqtts://elsewhere:8883"),
                List.of("--scope", "org", "call.join-timeout=soon"),
                List.of("--scope", "site=Lyon", "device.room=Salle A"),
                List.of("--scope", "building=B", "call.error-hold=4s"),
                List.of("--scope", "org", "call.error-hold"),
                List.of("--scope", "org", "call.error-hold=4s", "call.error-hold=5s"))) {
            StringWriter err = new StringWriter();
            String[] full = java.util.stream.Stream.concat(java.util.stream.Stream.of("config", "set"),
                    java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of("--db", db))).toArray(String[]::new);
            assertThat(cli(err, full)).as(String.join(" ", args)).isEqualTo(2);
        }
        StringWriter one = new StringWriter();
        cli(one, "config", "set", "--scope", "org", "call.join-timeout=soon", "--db", db);
        assertThat(one.toString()).contains("'call.join-timeout'", "nothing was stored");
        StringWriter layers = new StringWriter();
        assertThat(cli(layers, "config", "layers", "--db", db)).isZero();
        assertThat(layers.toString()).contains("0 value(s)");
        StringWriter unset = new StringWriter();
        assertThat(cli(unset, "config", "unset", "--scope", "org", "call.error-hold", "--db", db)).isEqualTo(1);
        assertThat(unset.toString()).contains("Not set there: call.error-hold");
    }

    private static int cli(StringWriter out, String... args) {
        CommandLine line = FleetMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(out, true));
        return line.execute(args);
    }
}

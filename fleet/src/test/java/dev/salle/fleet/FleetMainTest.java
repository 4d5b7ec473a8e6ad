package dev.salle.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.registry.StateMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FleetMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = FleetMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void devicesListsTheRegistryWithFilters() {
        String db = "jdbc:h2:file:" + dir.resolve("registry") + ";AUTO_SERVER=TRUE";
        try (DeviceRegistry registry = DeviceRegistry.open(db, "sa", "")) {
            registry.recordState("d-lyon1", state("{\"online\":true,\"room\":\"Salle Marianne\",\"site\":\"Lyon\",\"call\":\"in-call\",\"version\":\"0.1.0\"}"),
                    Instant.parse("2026-11-22T10:00:00Z"));
            registry.recordState("d-lyon2", state("{\"online\":false,\"reason\":\"lost\",\"room\":\"Salle Jaurès\",\"site\":\"Lyon\"}"),
                    Instant.parse("2026-11-22T10:00:00Z"));
            registry.recordState("d-vbn1", state("{\"online\":true,\"room\":\"Salle 3\",\"site\":\"Villeurbanne\"}"),
                    Instant.parse("2026-11-22T10:00:00Z"));

            assertThat(run("devices", "--db", db)).isZero();
            assertThat(out.toString()).contains("d-lyon1", "in-call", "Salle Marianne", "offline (lost)", "d-vbn1")
                    .contains("3 device(s), 2 online");

            assertThat(run("devices", "--db", db, "--site", "Lyon", "--online")).isZero();
            String filtered = out.toString().substring(out.toString().lastIndexOf("device "));
            assertThat(filtered).contains("d-lyon1").doesNotContain("d-lyon2").doesNotContain("d-vbn1")
                    .contains("1 device(s), 1 online");
        }
    }

    @Test
    void userAddsAConsoleUserFromAnOwnerOnlyPasswordFile() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("users") + ";AUTO_SERVER=TRUE";
        Path secret = java.nio.file.Files.writeString(dir.resolve("pw"), "operator-password-1\n");
        java.nio.file.Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        assertThat(run("user", "omar", "--role", "operator", "--password-file", secret.toString(), "--db", db)).isZero();
        try (var registry = DeviceRegistry.open(db, "sa", "");
             var users = new dev.salle.fleet.console.ConsoleStore(db, "sa", "")) {
            assertThat(users.check("omar", "operator-password-1".toCharArray()))
                    .contains(dev.salle.fleet.console.Role.OPERATOR);
            assertThat(users.audit(10)).anySatisfy(e -> assertThat(e.action()).isEqualTo("user.put"));
            assertThat(registry.onlineCount()).isZero();
        }
        assertThat(run("user", "omar", "--role", "boss", "--password-file", secret.toString(), "--db", db)).isEqualTo(2);
        java.nio.file.Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run("user", "omar", "--role", "viewer", "--password-file", secret.toString(), "--db", db)).isEqualTo(1);
        assertThat(err.toString()).contains("chmod 600");
    }

    @Test
    void serveRefusesAPlainBroker() {
        assertThat(run("serve", "--broker", "tcp://127.0.0.1:1883", "--cert", "c", "--key", "k", "--cafile", "a",
                "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString()).contains("mutual TLS only");
    }

    @Test
    void serveRefusesAConsoleUploadLimitOutOfRangeAndAReleaseKeyThatIsNotOneBeforeAnythingStarts() throws Exception {
        Path notAKey = java.nio.file.Files.writeString(dir.resolve("release.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n");

        for (String limit : new String[] {"0", "-1", "16385"}) {
            assertThat(run("serve", "--console-upload-limit-mib", limit, "--db", "jdbc:h2:mem:x")).as(limit).isEqualTo(2);
            assertThat(err.toString()).contains("--console-upload-limit-mib is " + limit + "; allowed: 1 to 16384");
        }
        assertThat(run("serve", "--console-upload-limit-mib", "lots", "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(run("serve", "--release-key", dir.resolve("missing.pub").toString(), "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString()).contains("--release-key " + dir.resolve("missing.pub") + ": no such file");
        assertThat(run("serve", "--release-key", notAKey.toString(), "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString()).contains("--release-key " + notAKey + ": ");
        assertThat(out.toString()).as("nothing started").doesNotContain("broker");
    }

    @Test
    void serveRefusesALeaseRenewedLessThanTwicePerLeaseOrTooShortBeforeAnythingStarts() {
        assertThat(run("serve", "--lease", "10s", "--lease-renew", "6s", "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString()).contains("--lease-renew is PT6S with --lease PT10S", "at most half the lease");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--lease", "2h", "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString()).contains("--lease is PT2H; allowed: PT0.3S to PT10M");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--lease-renew", "soon", "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void aDbThatIsNotAJdbcUrlIsRefusedBeforeAnythingStarts() {
        assertThat(run("devices", "--db", "/var/lib/salle/fleet.db")).isEqualTo(2);
        assertThat(err.toString()).contains("--db: the fleet database '/var/lib/salle/fleet.db' is not one the fleet runs on",
                "jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void aPasswordInTheDbUrlIsRefusedAndNeverPrinted() {
        assertThat(run("serve", "--db", "jdbc:postgresql://127.0.0.1:5432/fleet?user=salle&password=hunter2")).isEqualTo(2);
        assertThat(err.toString()).contains("jdbc:postgresql://127.0.0.1:5432/fleet?user=salle&password=***", "--db-password-file")
                .doesNotContain("hunter2");
    }

    @Test
    void postgresqlWithoutADatabaseUserIsRefusedBeforeAnythingStarts() {
        int closed = dev.salle.testkit.LoopbackPorts.free();
        String db = "jdbc:postgresql://127.0.0.1:" + closed + "/fleet";

        assertThat(run("devices", "--db", db)).isEqualTo(2);
        assertThat(err.toString()).contains("--db " + db + " needs --db-user NAME").doesNotContain("as user 'sa'");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--db", db, "--db-user", " ")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --db-user NAME").doesNotContain("cannot connect");
    }

    @Test
    void aDatabaseServerThatCannotBeReachedIsAClearErrorNamingTheUrl() {
        int closed = dev.salle.testkit.LoopbackPorts.free();
        String db = "jdbc:postgresql://127.0.0.1:" + closed + "/fleet";

        assertThat(run("devices", "--db", db, "--db-user", "salle")).isEqualTo(1);
        assertThat(err.toString()).contains("fleet: cannot connect to the fleet database " + db + " as user 'salle'", "refused");
    }

    private static StateMessage state(String json) {
        return StateMessage.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}

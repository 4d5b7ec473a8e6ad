package dev.salle.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.HostedBundle;
import dev.salle.fleet.console.ConsoleStore;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutPolicy;
import dev.salle.fleet.rollout.RolloutStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./salle fleet bundles list|remove}: what is hosted, what uses it, and no removal from under a rollout. */
class FleetBundleCommandsTest {

    private static final KeyPair RELEASE = ReleaseKeys.generate();

    @TempDir
    Path dir;

    @Test
    void listShowsEachBundleAndItsRolloutsAndRemoveSparesOnesInUse() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("fleet") + ";AUTO_SERVER=TRUE";
        Path folder = dir.resolve("bundles");
        BundleLibrary library = new BundleLibrary(folder);
        HostedBundle old = library.importFile(bundle("1.5.0", Instant.parse("2026-11-01T10:00:00Z")), List.of());
        HostedBundle current = library.importFile(bundle("1.6.0", Instant.parse("2026-11-20T10:00:00Z")), List.of());
        Files.writeString(folder.resolve("0".repeat(64) + ".bundle"), "not a bundle at all");
        URI base = URI.create("https://fleet.example:8444/bundles/");
        library.servedAt(base);
        assertThat(run(new StringWriter(), "devices", "--db", db)).isZero(); // makes the tables
        try (RolloutStore store = new RolloutStore(db, "sa", "")) {
            store.create(Rollout.create("r-160", "1.6.0", List.of("d-1", "d-2"),
                    new RolloutPolicy(List.of(100), 100, 1, false, Duration.ofHours(1)), Instant.now()),
                    BundleLibrary.address(base, current), Instant.now());
        }
        StringWriter listed = new StringWriter();

        assertThat(run(listed, "bundles", "list", "--bundles", folder.toString(), "--db", db)).isZero();

        String[] lines = listed.toString().split("\n");
        assertThat(lines[1]).as("oldest first").startsWith(old.sha256().substring(0, 12)).contains("1.5.0", "device-app");
        assertThat(lines[1].stripTrailing()).as("no rollout uses it").endsWith("  -");
        assertThat(lines[2]).startsWith(current.sha256().substring(0, 12)).contains("1.6.0", "r-160 (RUNNING)",
                ReleaseKeys.idHex(RELEASE.getPublic()));
        assertThat(listed.toString()).contains("not a bundle: " + "0".repeat(64) + ".bundle")
                .contains("2 bundle(s) in " + folder + "; served at " + base);

        StringWriter inUse = new StringWriter();
        assertThat(run(inUse, "bundles", "remove", current.sha256().substring(0, 10), "--bundles", folder.toString(), "--db", db))
                .isEqualTo(1);
        assertThat(inUse.toString()).contains("is used by r-160 (RUNNING)").contains("Nothing was removed");
        assertThat(library.file(current.sha256())).isPresent();

        StringWriter removed = new StringWriter();
        assertThat(run(removed, "bundles", "remove", old.sha256().substring(0, 8), "--bundles", folder.toString(), "--db", db))
                .isZero();
        assertThat(removed.toString()).contains("Removed bundle " + old.sha256().substring(0, 12) + " (1.5.0 for device-app");
        assertThat(library.file(old.sha256())).isEmpty();
        try (ConsoleStore audit = new ConsoleStore(db, "sa", "")) {
            assertThat(audit.audit(10)).anySatisfy(e -> assertThat(e.action() + " " + e.target()).isEqualTo("bundle.remove "
                    + old.sha256()));
        }
    }

    @Test
    void aPrefixThatIsShortNotHexOrUnknownIsRefused() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("fleet2") + ";AUTO_SERVER=TRUE";
        Path folder = dir.resolve("bundles2");
        new BundleLibrary(folder).importFile(bundle("1.5.0", Instant.now()), List.of());

        for (String bad : List.of("abc1234", "zzzzzzzz", "ffffffffff", "../../etc/passwd")) {
            StringWriter out = new StringWriter();
            assertThat(run(out, "bundles", "remove", bad, "--bundles", folder.toString(), "--db", db)).as(bad).isEqualTo(2);
            assertThat(out.toString()).as(bad).containsAnyOf("is not a bundle's SHA-256", "no bundle ffffffffff");
        }
        try (var files = Files.list(folder)) {
            assertThat(files.filter(f -> f.toString().endsWith(".bundle")).count()).isOne();
        }
        StringWriter empty = new StringWriter();
        assertThat(run(empty, "bundles", "list", "--bundles", dir.resolve("none").toString(), "--db", db)).isZero();
        assertThat(empty.toString()).contains("0 bundle(s) in " + dir.resolve("none") + "; not served yet");
    }

    private Path bundle(String version, Instant created) throws Exception {
        Path payload = Files.writeString(dir.resolve("payload-" + version), "device application " + version);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(payload, BundleVersion.parse(version), "device-app", BundleVersion.parse("1.0.0"), false, RELEASE,
                created, out);
        return Files.write(dir.resolve("salle-" + version + "-" + created.getEpochSecond() + ".bundle"), out.toByteArray());
    }

    private static int run(StringWriter out, String... args) {
        CommandLine line = FleetMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(out, true));
        return line.execute(args);
    }
}

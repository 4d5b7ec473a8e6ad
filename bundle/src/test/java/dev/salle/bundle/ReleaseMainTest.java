package dev.salle.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReleaseMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = ReleaseMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void keygenSignAndVerifyLikeADevice() throws Exception {
        Path keys = dir.resolve("keys");
        Path payload = Files.writeString(dir.resolve("app.tar"), "the device application");
        Path bundle = dir.resolve("app-1.5.0.bundle");

        assertThat(run("keygen", "--out", keys.toString())).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("release.key")))).isEqualTo("rw-------");
        assertThat(run("sign", "--key", keys.resolve("release.key").toString(), "--payload", payload.toString(),
                "--version", "1.5.0", "--min-version", "1.0.0", "--out", bundle.toString())).isZero();
        assertThat(out.toString()).contains("device-app 1.5.0 (from 1.0.0 on)");

        assertThat(run("verify", bundle.toString(), "--trust", keys.resolve("release.pub").toString(), "--running", "1.4.0")).isZero();
        assertThat(out.toString()).contains("OK: device-app 1.5.0");
        assertThat(run("verify", bundle.toString(), "--trust", keys.resolve("release.pub").toString(), "--running", "1.5.0")).isEqualTo(1);
        assertThat(err.toString()).contains("refused (not-newer)");
        assertThat(run("keygen", "--out", keys.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("exists already");
        assertThat(run("sign", "--key", keys.resolve("release.key").toString(), "--payload", payload.toString(),
                "--version", "one", "--min-version", "1.0.0", "--out", bundle.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a version");
    }
}

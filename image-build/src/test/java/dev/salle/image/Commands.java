package dev.salle.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The image tests' commands: build.sh and the host's tools, each bounded in time, with its log. */
final class Commands {

    static final Path MODULE = Path.of("").toAbsolutePath();

    private Commands() {}

    static String buildSh() {
        return MODULE.resolve("build.sh").toString();
    }

    static boolean isRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes()).strip().equals("0");
    }

    /** Runs a command with its output in {@code logFile}; fails with the log's end unless it exits 0 within {@code limit}. */
    static void run(Duration limit, Path logFile, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // mmdebstrap, chroot, qemu-user below build.sh
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took more than " + limit + "; log " + logFile);
        }
        assertThat(p.exitValue()).as("%s%n%s", String.join(" ", command), tail(logFile)).isZero();
    }

    /** Runs a command and returns what it printed on its standard output; fails unless it exits 0 within a minute. */
    static byte[] output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ends", String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    static String text(String... command) throws Exception {
        return new String(output(command), java.nio.charset.StandardCharsets.UTF_8);
    }

    static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            Process p = new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start();
            assertThat(p.waitFor()).isZero();
        }
    }
}

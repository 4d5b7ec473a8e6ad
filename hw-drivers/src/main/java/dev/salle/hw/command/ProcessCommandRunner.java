package dev.salle.hw.command;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes. Output goes to temporary files (so a chatty command cannot
 * block on a full pipe), which are read and deleted once it exits.
 */
public final class ProcessCommandRunner implements CommandRunner {

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command line is empty; give the program and its arguments");
        }
        File out = File.createTempFile("salle-cmd", ".out");
        File err = File.createTempFile("salle-cmd", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out)
                    .redirectError(err)
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + String.join(" ", command), e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toMillis()
                        + " ms and was killed");
            }
            return new CommandResult(command, process.exitValue(),
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}

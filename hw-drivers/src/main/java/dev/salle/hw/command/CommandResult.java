package dev.salle.hw.command;

import java.util.List;
import java.util.Objects;

/**
 * How a command ended.
 *
 * @param command the command line that ran
 * @param exitCode its exit status
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
        stdout = Objects.requireNonNullElse(stdout, "");
        stderr = Objects.requireNonNullElse(stderr, "");
    }

    /** Whether it exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The first non-blank line of stderr (or stdout), for error messages; empty if both are blank. */
    public String firstErrorLine() {
        return (stderr + "\n" + stdout).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}

package dev.salle.hw.command;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs a command line to completion.
 *
 * <p>Contract: returns the result whatever the exit status (the caller decides what a non-zero
 * status means); throws {@link IOException} only when the command could not be started (not
 * installed, not executable) or did not finish within the timeout, in which case it has been
 * killed. Blocks the calling thread until then; safe to call from several threads at once.
 */
public interface CommandRunner {

    CommandResult run(List<String> command, Duration timeout) throws IOException;
}

package dev.salle.hw.fake;

import dev.salle.hw.command.CommandResult;
import dev.salle.hw.command.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command runner that records every command line and answers from a script the test sets:
 * the first rule whose text occurs in the joined command line wins; unmatched commands succeed
 * with no output.
 */
public final class FakeCommandRunner implements CommandRunner {

    private final List<List<String>> ran = new ArrayList<>();
    private final Map<String, Answer> rules = new LinkedHashMap<>();

    /** Commands containing {@code fragment} exit with {@code exitCode} and print {@code stdout}/{@code stderr}. */
    public FakeCommandRunner answer(String fragment, int exitCode, String stdout, String stderr) {
        rules.put(fragment, new Answer(exitCode, stdout, stderr, null));
        return this;
    }

    /** Commands containing {@code fragment} fail to start. */
    public FakeCommandRunner failToStart(String fragment, String why) {
        rules.put(fragment, new Answer(0, "", "", why));
        return this;
    }

    @Override
    public synchronized CommandResult run(List<String> command, Duration timeout) throws IOException {
        ran.add(List.copyOf(command));
        String line = String.join(" ", command);
        for (Map.Entry<String, Answer> rule : rules.entrySet()) {
            if (!line.contains(rule.getKey())) {
                continue;
            }
            Answer a = rule.getValue();
            if (a.startFailure() != null) {
                throw new IOException(a.startFailure());
            }
            return new CommandResult(command, a.exitCode(), a.stdout(), a.stderr());
        }
        return new CommandResult(command, 0, "", "");
    }

    private record Answer(int exitCode, String stdout, String stderr, String startFailure) {}

    /** Every command line run so far, each joined with spaces. */
    public synchronized List<String> commandLines() {
        return ran.stream().map(c -> String.join(" ", c)).toList();
    }
}

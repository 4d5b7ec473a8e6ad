package dev.salle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./salle simulate} refuses settings out of range before it opens the CA or starts a room. */
class SimulatorMainTest {

    @TempDir
    Path empty;

    @Test
    void percentagesAndStepDelaysOutOfRangeAreRefusedByNameBeforeAnythingStarts() {
        String[][] cases = {
            {"--unhealthy", "120", "--unhealthy is a percentage, 0-100, not 120.0"},
            {"--poor-call", "-5", "--poor-call is a percentage, 0-100, not -5.0"},
            {"--fail-health", "NaN", "--fail-health is a percentage, 0-100, not NaN"},
            {"--step-delay-ms", "-1", "--step-delay-ms must be 0-300000, not -1"},
            {"--devices", "0", "the simulator runs 1-100000 rooms, not 0"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new SimulatorMain());
            cli.setErr(new PrintWriter(err, true));
            cli.setOut(new PrintWriter(new StringWriter(), true));
            // the folder has no CA: reaching it would fail differently
            int code = cli.execute("--provisioning", empty.toString(), c[0], c[1]);
            assertThat(code).as(c[0]).isEqualTo(2);
            assertThat(err.toString()).as(c[0]).contains("simulate: " + c[2]);
        }
    }
}

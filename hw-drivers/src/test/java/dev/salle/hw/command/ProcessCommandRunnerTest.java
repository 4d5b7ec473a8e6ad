package dev.salle.hw.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void capturesOutputErrorAndExitStatus() throws IOException {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo oops >&2; exit 3"), Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.firstErrorLine()).isEqualTo("oops");
    }

    @Test
    void commandThatDoesNotExistIsAnIOException() {
        assertThatThrownBy(() -> runner.run(List.of("salle-no-such-tool"), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("salle-no-such-tool");
    }

    @Test
    void commandPastItsTimeoutIsKilledAndReported() {
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(50)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish within 50 ms");
    }
}

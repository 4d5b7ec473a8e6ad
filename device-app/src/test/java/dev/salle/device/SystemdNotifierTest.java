package dev.salle.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.salle.testkit.RealDependency;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd notifications reach a real notify socket; without one nothing is sent. */
class SystemdNotifierTest {

    /** To point libsystemd at the test's socket: it reads NOTIFY_SOCKET from the C environment. */
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    @TempDir
    Path dir;

    @Test
    void withoutANotifySocketNothingIsSentAndThereIsNoWatchdog() {
        SystemdNotifier n = SystemdNotifier.from(Map.<String, String>of()::get);
        assertThat(n.active()).isFalse();
        assertThat(n.notify("READY=1")).isFalse();
        assertThat(n.watchdogInterval()).isEmpty();
    }

    @Test
    void theWatchdogIsPingedAtHalfItsPeriodAndBadValuesMeanNone() {
        assertThat(SystemdNotifier.watchdogInterval("60000000")).contains(Duration.ofSeconds(30));
        assertThat(SystemdNotifier.watchdogInterval("0")).isEmpty();
        assertThat(SystemdNotifier.watchdogInterval("-5")).isEmpty();
        assertThat(SystemdNotifier.watchdogInterval("1e6")).isEmpty();
        assertThat(SystemdNotifier.watchdogInterval("99999999999999999999")).isEmpty();
        assertThat(SystemdNotifier.watchdogInterval(null)).isEmpty();
    }

    @Test
    void readyAndWatchdogReachARealNotifySocket() throws Exception {
        RealDependency.require(RealDependency.onPath("python3"), "python3 (to listen on a notify socket)");
        Path socket = dir.resolve("notify.sock");
        Process listener = new ProcessBuilder("python3", "-c", String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "s.bind(sys.argv[1])",
                "print('listening', flush=True)",
                "s.settimeout(20)",
                "for _ in range(2):",
                "    print(s.recv(4096).decode().replace('\\n', '|'), flush=True)"), socket.toString())
                .redirectErrorStream(true).start();
        LibC libc = Native.load("c", LibC.class);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("listening");
            assertThat(Files.exists(socket)).isTrue();
            libc.setenv("NOTIFY_SOCKET", socket.toString(), 1);
            SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "4000000")::get);
            RealDependency.require(n.active(), "libsystemd (Debian package libsystemd0)");
            assertThat(n.watchdogInterval()).isEqualTo(Optional.of(Duration.ofSeconds(2)));
            assertThat(n.notify("READY=1\nSTATUS=starting")).isTrue();
            assertThat(n.notify("WATCHDOG=1")).isTrue();
            assertThat(out.readLine()).isEqualTo("READY=1|STATUS=starting");
            assertThat(out.readLine()).isEqualTo("WATCHDOG=1");
        } finally {
            libc.unsetenv("NOTIFY_SOCKET");
            listener.destroy();
            listener.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

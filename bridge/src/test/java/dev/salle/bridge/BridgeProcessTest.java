package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real {@code main}: exit codes and signals, in a child JVM with this test's class path. */
class BridgeProcessTest {

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BridgeMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("LIVEKIT_KEYS");
        return pb.start();
    }

    /** Runs {@code body} with the process, and kills it afterwards if it is still alive. */
    private static void withProcess(Process p, ProcessBody body) throws Exception {
        try {
            body.run(p);
        } finally {
            p.toHandle().destroyForcibly();
        }
    }

    private interface ProcessBody {
        void run(Process p) throws Exception;
    }

    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void exitsWithCodeTwoAndTheFixWhenNoKeyIsGiven() throws Exception {
        withProcess(start("--port", "0"), p -> {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(read(p.getErrorStream())).contains("no API keys configured").contains("--dev");
        });
    }

    @Test
    void exitsWithCodeOneNamingThePortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            withProcess(start("--dev", "--port", Integer.toString(taken.getLocalPort()), "--udp-port", "0", "--tcp-port", "off"), p -> {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(1);
                assertThat(read(p.getErrorStream())).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                        .contains("--port");
            });
        }
    }

    @Test
    void stopsCleanlyOnSigterm() throws Exception {
        // no fixed media ports: another suite on this machine may hold 7881 and 7882
        withProcess(start("--dev", "--port", "0", "--udp-port", "0", "--tcp-port", "off"), BridgeProcessTest::readyThenSigterm);
    }

    private static void readyThenSigterm(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        boolean ready = false;
        while (!ready && (line = out.readLine()) != null) {
            ready = line.equals(BridgeMain.READY);
        }
        assertThat(ready).as("the bridge printed its ready line").isTrue();
        p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        StringBuilder rest = new StringBuilder();
        while ((line = out.readLine()) != null) {
            rest.append(line).append('\n');
        }
        assertThat(rest.toString()).contains("salle bridge: stopped");
    }
}

package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BridgeMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private BridgeMain main(Map<String, String> env) {
        return new BridgeMain(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusesToStartWithoutKeysAndSaysHowToFixIt() {
        int exit = new CommandLine(main(Map.of())).execute("--port", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("no API keys configured").contains("--keys \"KEY: SECRET\"")
                .contains("LIVEKIT_KEYS").contains("--dev");
        assertThat(out()).doesNotContain(BridgeMain.READY);
    }

    @Test
    void refusesAShortSecretWithoutPrintingIt() {
        int exit = new CommandLine(main(Map.of("LIVEKIT_KEYS", "prod: tooshort123"))).execute("--port", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("LIVEKIT_KEYS").contains("prod").contains("32").doesNotContain("tooshort123");
    }

    @Test
    void refusesABadUdpPortNamingTheKey() {
        int exit = new CommandLine(main(Map.of())).execute("--dev", "--udp-port", "70000");
        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("udp-port is 70000").contains("0 (any free port) to 65535");
    }

    @Test
    void refusesABadTcpPortNamingTheKeyAndHowToTurnItOff() {
        assertThat(new CommandLine(main(Map.of())).execute("--dev", "--tcp-port", "70000")).isEqualTo(2);
        assertThat(err()).contains("tcp-port is 70000").contains("1 to 65535, or 0 or off for no ICE-TCP");

        assertThat(new CommandLine(main(Map.of())).execute("--dev", "--tcp-port", "seven")).isEqualTo(2);
        assertThat(err()).contains("tcp-port is 'seven'");

        assertThat(new CommandLine(main(Map.of())).execute("--dev", "--port", "7881")).isEqualTo(2);
        assertThat(err()).contains("tcp-port is 7881, the same as port");
    }

    @Test
    void turnUrlNeedsTheSecretAndTheSecretComesFromTheEnvironmentToo() throws Exception {
        assertThat(new CommandLine(main(Map.of())).execute("--dev", "--turn-url", "turn:10.0.0.1:3478")).isEqualTo(2);
        assertThat(err()).contains("turn-secret is missing");

        BridgeMain fromEnv = main(Map.of("SALLE_TURN_SECRET", "env-secret-long-enough"));
        new CommandLine(fromEnv).parseArgs("--dev", "--turn-url", "turn:10.0.0.1:3478");
        assertThat(fromEnv.config().turn()).hasValueSatisfying(t -> {
            assertThat(t.secret()).isEqualTo("env-secret-long-enough");
            assertThat(t.urls()).extracting(Object::toString).containsExactly("turn:10.0.0.1:3478?transport=udp");
        });
        assertThat(new CommandLine(main(Map.of())).getUsageMessage()).contains("--turn-url").contains("--turn-secret");
    }

    @Test
    void theTcpPortIs7881UnlessTurnedOffAndHelpSaysSo() throws Exception {
        BridgeMain byDefault = main(Map.of());
        new CommandLine(byDefault).parseArgs("--dev");
        assertThat(byDefault.config().tcpPort()).isEqualTo(7881);
        assertThat(byDefault.config().iceTcp()).isTrue();

        for (String off : new String[] {"off", "OFF", "0"}) {
            BridgeMain main = main(Map.of());
            new CommandLine(main).parseArgs("--dev", "--tcp-port", off);
            assertThat(main.config().iceTcp()).as("--tcp-port %s", off).isFalse();
        }
        assertThat(new CommandLine(main(Map.of())).getUsageMessage()).contains("--tcp-port").contains("0 or off");
    }

    @Test
    void devModeListensOnLoopbackOnlyAndStopsCleanly() throws Exception {
        BridgeMain main = main(Map.of());
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> new CommandLine(main).execute("--dev", "--port", "0", "--udp-port", "0", "--tcp-port", "off"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out().contains(BridgeMain.READY) && System.nanoTime() < deadline && !exit.isDone()) {
            Thread.sleep(20);
        }
        assertThat(out()).contains(BridgeMain.READY).contains("devkey");
        Matcher m = Pattern.compile("HTTP on (http://\\S+)").matcher(out());
        assertThat(m.find()).isTrue();
        URI uri = URI.create(m.group(1));
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri.resolve("/rtc/validate")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        HttpResponse<String> rtc = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri.resolve("/rtc?protocol=17")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rtc.statusCode()).as("the signalling is mounted, not the 501 placeholder").isEqualTo(400);
        assertThat(rtc.body()).contains("access_token");

        main.requestStop();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out()).contains("stopped");
    }

    @Test
    void devModeConfigBindsLoopbackAndTheDefaultBindsEveryInterface() throws Exception {
        BridgeMain dev = main(Map.of());
        new CommandLine(dev).parseArgs("--dev");
        assertThat(dev.config().bind()).isEqualTo("127.0.0.1");
        assertThat(dev.config().port()).isEqualTo(7880);
        assertThat(dev.config().udpPort()).isEqualTo(7882);
        assertThat(dev.config().keys().keyIds()).containsExactly("devkey");

        BridgeMain prod = main(Map.of("LIVEKIT_KEYS", "site: " + BridgeFixture.SECRET));
        new CommandLine(prod).parseArgs();
        assertThat(prod.config().bind()).isEqualTo("0.0.0.0");
        assertThat(prod.config().keys().keyIds()).containsExactly("site");
    }

    @Test
    void devModeWithAnAllInterfacesBindIsRefused() {
        int exit = new CommandLine(main(Map.of())).execute("--dev", "--bind", "0.0.0.0", "--port", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("loopback only");
    }

    @Test
    void repeatedKeysOptionsAreAllAccepted() throws Exception {
        BridgeMain main = main(Map.of("LIVEKIT_KEYS", "ignored: " + BridgeFixture.SECRET));
        new CommandLine(main).parseArgs("--keys", "a: " + BridgeFixture.SECRET, "--keys",
                "b: " + BridgeFixture.SECRET + "\nc: " + BridgeFixture.SECRET);
        assertThat(main.config().keys().keyIds()).containsExactly("a", "b", "c");
    }
}

package dev.salle.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.MediaRuntime;
import dev.salle.testkit.LoopbackPorts;
import dev.salle.testkit.MqttProbe;
import dev.salle.testkit.RealDependency;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./salle demo}'s process as a user runs it: it comes up with the device page and the
 * device online on the embedded broker, and SIGTERM or SIGINT stop it cleanly, leaving no process
 * behind and the ports free.
 */
class DemoLifecycleTest {

    private Process demo;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private int pagePort;
    private int brokerPort;
    private String brokerLine = "";
    private int bridgePort;

    @BeforeEach
    void startDemo() throws IOException {
        MediaRuntime.ensureInitialised();
        RealDependency.require(new GstElementRegistry().has("x264enc") || new GstElementRegistry().has("openh264enc"),
                "a software H.264 encoder (Debian package gstreamer1.0-plugins-ugly)");
        pagePort = LoopbackPorts.free();
        brokerPort = LoopbackPorts.free();
        bridgePort = LoopbackPorts.free();
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // env --default-signal: a suite started in the background by a shell without job control
        // (nohup … &) inherits SIGINT as ignored, and so would the demo; Ctrl-C in a terminal never is
        demo = new ProcessBuilder("env", "--default-signal=INT", java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, DemoMain.class.getName(),
                "--page-port", String.valueOf(pagePort), "--broker-port", String.valueOf(brokerPort),
                "--bridge-port", String.valueOf(bridgePort),
                "--set", "media.display.width=640", "--set", "media.display.height=360",
                "--set", "media.video.width=320", "--set", "media.video.height=180")
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void killLeftovers() {
        if (demo != null && demo.isAlive()) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    @Test
    void demoComesUpAndStopsCleanlyOnSigterm() throws Exception {
        List<String> output = awaitReady();
        assertThat(output).anyMatch(l -> l.startsWith("Device page:  http://127.0.0.1:" + pagePort + "/"));
        assertThat(output).anyMatch(l -> l.contains("mqtts://127.0.0.1:" + brokerPort));
        brokerLine = output.stream().filter(l -> l.startsWith("MQTT broker:")).findFirst().orElseThrow();

        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pagePort + "/api/state")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"state\":\"idle\"");
        assertThat(retainedState()).contains("\"online\":true");
        assertThat(watchLikeAPerson()).as("mosquitto_sub as the demo prints it").contains("\"online\":true");
        assertThat(fleetConsoleDevices(output)).as("the demo's fleet console lists its device online")
                .contains("\"id\":\"" + DemoMain.DEVICE_ID + "\",\"online\":true");
        HttpResponse<String> validate = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridgePort + "/rtc/validate")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(validate.statusCode()).as("the on-site bridge answers, and wants a token").isEqualTo(401);

        List<ProcessHandle> children = demo.descendants().toList();
        demo.toHandle().destroy(); // SIGTERM, leaving the output stream open to read what it prints while stopping

        assertStopsWithin30s("SIGTERM");
        assertThat(demo.exitValue()).isEqualTo(143);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(drain()).anyMatch(l -> l.contains("Stopping the demo"));
        assertThat(LoopbackPorts.isFree(pagePort)).isTrue();
        assertThat(LoopbackPorts.isFree(brokerPort)).isTrue();
        assertThat(LoopbackPorts.isFree(bridgePort)).isTrue();
    }

    /** Logs in to the console the demo printed, as admin with the password from its file, and lists the devices. */
    private static String fleetConsoleDevices(List<String> output) throws Exception {
        String line = output.stream().filter(l -> l.startsWith("Fleet:")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "Fleet: +(https://127\\.0\\.0\\.1:[0-9]+) .*password in (\\S+); .*certificate: (\\S+)\\)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", dev.salle.provisioning.ca.Pem.certificates(java.nio.file.Files.readString(Path.of(m.group(3)))).get(0));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        String password = java.nio.file.Files.readString(Path.of(m.group(2))).strip();
        try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
            String login = https.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"" + password + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String token = login.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            String devices = "";
            for (int i = 0; i < 50 && !devices.contains("\"online\":true"); i++) { // the state arrives within seconds
                devices = https.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/api/devices"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
                Thread.sleep(200);
            }
            return devices;
        }
    }

    @Test
    void demoStopsCleanlyOnCtrlC() throws Exception {
        awaitReady();

        new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor(5, TimeUnit.SECONDS);

        assertStopsWithin30s("SIGINT");
        assertThat(demo.exitValue()).isEqualTo(130);
        assertThat(LoopbackPorts.isFree(pagePort)).isTrue();
    }

    /** Waits for the demo to exit; when it does not, fails with what it printed and where its threads are. */
    private void assertStopsWithin30s(String signal) throws Exception {
        if (demo.waitFor(30, TimeUnit.SECONDS)) {
            return;
        }
        String threads;
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(demo.pid()), "Thread.print").redirectErrorStream(true).start();
            threads = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            threads = "(no thread dump: " + e.getMessage() + ")";
        }
        throw new AssertionError("the demo did not stop within 30 s of " + signal + "; it printed:\n"
                + String.join("\n", drain()) + "\nits threads:\n" + threads);
    }

    private List<String> awaitReady() throws InterruptedException {
        List<String> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.equals(DemoMain.READY)) {
                    return seen;
                }
            }
            if (!demo.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("the demo did not print '" + DemoMain.READY + "'; its output was:\n" + String.join("\n", seen));
    }

    private List<String> drain() throws InterruptedException {
        List<String> rest = new java.util.ArrayList<>();
        String line;
        while ((line = lines.poll(200, TimeUnit.MILLISECONDS)) != null) {
            rest.add(line);
        }
        return rest;
    }

    /** Runs the mosquitto_sub command the demo prints, for one message of the device's state. */
    private String watchLikeAPerson() throws Exception {
        RealDependency.require(java.nio.file.Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto_sub (Debian package mosquitto-clients)");
        String command = brokerLine.substring(brokerLine.indexOf("mosquitto_sub"), brokerLine.lastIndexOf(')'));
        List<String> args = new java.util.ArrayList<>(List.of(command.replace("'", "").split(" ")));
        int topic = args.indexOf("-t");
        args.set(topic + 1, "salle/v1/devices/salle-demo/state");
        args.addAll(List.of("-C", "1", "-W", "20"));
        Process sub = new ProcessBuilder(args).redirectErrorStream(true).start();
        String printed = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return printed;
    }

    /**
     * The retained state, read the way the demo tells a person to watch the broker: with the fleet
     * client certificate whose files it prints. A client without one is refused (mutual TLS).
     */
    private String retainedState() throws Exception {
        java.util.regex.Matcher files = java.util.regex.Pattern.compile("--cafile (\\S+) --cert (\\S+) --key (\\S+)")
                .matcher(brokerLine);
        assertThat(files.find()).as("certificate files in: %s", brokerLine).isTrue();
        var ca = dev.salle.provisioning.ca.Pem.certificates(java.nio.file.Files.readString(Path.of(files.group(1)))).get(0);
        var chain = dev.salle.provisioning.ca.Pem.certificates(java.nio.file.Files.readString(Path.of(files.group(2))));
        var key = dev.salle.provisioning.ca.Pem.privateKey(java.nio.file.Files.readString(Path.of(files.group(3))));
        var tls = new dev.salle.device.fleet.FleetTls(key, chain, ca).socketFactory();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new MqttProbe("tcp://127.0.0.1:" + brokerPort, "demo-plain-" + System.nanoTime()).close())
                .as("a plain MQTT client").isInstanceOf(Exception.class);
        try (MqttProbe fleet = new MqttProbe("ssl://127.0.0.1:" + brokerPort, "demo-test-" + System.nanoTime(), tls)
                .subscribe("salle/v1/devices/salle-demo/state")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !fleet.received().isEmpty());
            return fleet.received().getLast().payload();
        }
    }

}

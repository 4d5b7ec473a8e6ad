package dev.salle.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.device.fleet.FleetAgent;
import dev.salle.device.fleet.FleetConfig;
import dev.salle.device.fleet.FleetTls;
import dev.salle.device.fleet.PahoFleetLink;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.BundleServer;
import dev.salle.fleet.bundles.HostedBundle;
import dev.salle.fleet.monitor.SimulatedRoom;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.ca.Pem;
import dev.salle.testkit.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./salle fleet serve} with no broker given: it makes the device CA in an empty provisioning
 * folder, runs its own broker with mutual TLS and the per-device rules, and a device holding a
 * certificate from that CA shows up online; a device whose certificate comes from another CA does not.
 */
class FleetServeEmbeddedBrokerTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService links = Executors.newSingleThreadScheduledExecutor();
    private FleetMain.Serve.Running running;
    private FleetAgent device;
    private FleetAgent stranger;

    @AfterEach
    void stop() {
        for (FleetAgent a : new FleetAgent[] {device, stranger}) {
            if (a != null) {
                a.close();
            }
        }
        agents.shutdownNow();
        links.shutdownNow();
        if (running != null) {
            running.close();
        }
    }

    @Test
    void serveWithoutABrokerRunsItsOwnAndDevicesOfItsCaComeOnline() throws Exception {
        int port = LoopbackPorts.free();
        StringWriter out = new StringWriter();
        CommandLine line = FleetMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        CommandLine.ParseResult parsed = line.parseArgs("serve", "--broker-port", String.valueOf(port),
                "--provisioning", dir.resolve("provisioning").toString(), "--broker-data", dir.resolve("broker").toString(),
                "--org", "Préfecture du Rhône", "--db", "jdbc:h2:file:" + dir.resolve("fleet") + ";AUTO_SERVER=TRUE",
                "--bundles", dir.resolve("bundles").toString(), "--bundle-port", "0");
        FleetMain.Serve serve = (FleetMain.Serve) parsed.subcommand().commandSpec().userObject();

        running = serve.start();

        assertThat(out.toString()).contains("Made a device CA for Préfecture du Rhône in " + dir.resolve("provisioning"))
                .contains("Embedded MQTT broker on mqtts://127.0.0.1:" + port + " (mutual TLS")
                .contains("Fleet manager watching mqtts://127.0.0.1:" + port);
        DeviceCa ca = DeviceCa.open(dir.resolve("provisioning/ca"), Clock.systemUTC());
        device = agent("salle-0001", ca, ca, port, "Salle Marianne");
        DeviceCa other = DeviceCa.create(dir.resolve("other-ca"), "Someone else", Clock.systemUTC());
        stranger = agent("salle-0002", other, ca, port, "Salle Pirate"); // it trusts the broker, the broker not it

        await().atMost(Duration.ofSeconds(30)).until(() -> running.manager().registry().onlineCount() == 1);
        Thread.sleep(1000); // the stranger's attempts have had time to be refused
        assertThat(running.manager().registry().device("salle-0001").orElseThrow().room()).contains("Salle Marianne");
        assertThat(running.manager().registry().device("salle-0002")).as("a certificate from another CA").isEmpty();

        // it hosts bundles too, with a server certificate from the same CA, and says where
        BundleLibrary library = new BundleLibrary(dir.resolve("bundles"));
        URI base = library.servedAt().orElseThrow();
        assertThat(out.toString()).contains("Bundles in " + dir.resolve("bundles") + " served at " + base);
        assertThat(base.toString()).startsWith("https://127.0.0.1:").endsWith("/bundles/");
        Path payload = Files.writeString(dir.resolve("payload"), "device application 1.5.0");
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        BundleWriter.write(payload, BundleVersion.parse("1.5.0"), "device-app", BundleVersion.parse("1.0.0"), false,
                ReleaseKeys.generate(), Instant.now(), bundle);
        HostedBundle hosted = library.importFile(Files.write(dir.resolve("b.bundle"), bundle.toByteArray()), List.of());
        KeyPair pair = DeviceKeys.generate();
        HttpClient http = HttpClient.newBuilder().sslContext(MutualTls.clientContext(pair.getPrivate(), List.of(ca.issueDevice(
                Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), "salle-0001"), ca.certificate()), ca.certificate()))
                .build();
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(BundleLibrary.address(base, hosted)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(bundle.toByteArray());
        assertThat(running.bundles().orElseThrow().count(BundleServer.Outcome.WHOLE)).isOne();
    }

    @Test
    void anExternalBrokerNeedsTheFleetClientsFiles() {
        StringWriter err = new StringWriter();
        CommandLine line = FleetMain.commandLine();
        line.setErr(new PrintWriter(err, true));
        int code = line.execute("serve", "--broker", "mqtts://127.0.0.1:8883", "--db", "jdbc:h2:mem:x");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--broker needs --cert, --key and --cafile");
        StringWriter err2 = new StringWriter();
        CommandLine line2 = FleetMain.commandLine();
        line2.setErr(new PrintWriter(err2, true));
        assertThat(line2.execute("serve", "--cert", "x.crt", "--db", "jdbc:h2:mem:y")).isEqualTo(2);
        assertThat(err2.toString()).contains("--cert, --key and --cafile go with --broker");
    }

    private FleetAgent agent(String id, DeviceCa ca, DeviceCa brokerCa, int port, String room) throws Exception {
        KeyPair pair = DeviceKeys.generate();
        FleetTls tls = new FleetTls(pair.getPrivate(), List.of(ca.issueDevice(
                Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), id), ca.certificate()), brokerCa.certificate());
        FleetConfig config = FleetConfig.of("mqtts://127.0.0.1:" + port, id);
        SimulatedRoom simulated = new SimulatedRoom(room, "Lyon");
        FleetAgent agent = new FleetAgent(config, new PahoFleetLink(config, Optional.of(tls), links, new Random(1)),
                simulated, simulated, Clock.systemUTC(), agents);
        agent.start();
        return agent;
    }
}

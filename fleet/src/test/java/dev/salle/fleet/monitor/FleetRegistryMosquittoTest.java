package dev.salle.fleet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.fleet.FleetAgent;
import dev.salle.device.fleet.FleetConfig;
import dev.salle.device.fleet.FleetTls;
import dev.salle.device.fleet.PahoFleetLink;
import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.provisioning.broker.DeviceAcl;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import dev.salle.testkit.MosquittoProcess;
import dev.salle.testkit.MqttProbe;
import dev.salle.testkit.TcpProxy;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's registry against a real broker: 200 devices, each with its own key and certificate
 * and the device's real fleet agent, connect over mutual TLS to Mosquitto (per-device ACLs) through
 * a cuttable proxy. The registry shows them online; when their connections are killed, the broker
 * publishes their wills and the registry shows them offline, "lost".
 */
class FleetRegistryMosquittoTest {

    private static final int DEVICES = 200;

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private DeviceCa ca;
    private MosquittoProcess broker;
    private TcpProxy proxy;
    private DeviceRegistry registry;
    private FleetMonitor monitor;
    private final List<AutoCloseable> open = new ArrayList<>();
    private ScheduledExecutorService agents;
    private ScheduledExecutorService links;

    @BeforeEach
    void start() {
        ca = DeviceCa.create(dir.resolve("ca"), "Préfecture du Rhône", clock);
        IssuedIdentity server = ca.issueServer("broker", List.of("127.0.0.1"));
        server.writePem(dir.resolve("broker.key"), dir.resolve("broker.crt"));
        SecretFiles.writePublic(dir.resolve("acl"), DeviceAcl.mosquitto("salle/v1", "salle-fleet"));
        broker = MosquittoProcess.startMutualTls(new MosquittoProcess.MutualTls(dir.resolve("ca/ca.crt"),
                dir.resolve("broker.crt"), dir.resolve("broker.key"), dir.resolve("acl"), Optional.empty()));
        proxy = new TcpProxy(broker.port());
        registry = DeviceRegistry.open("jdbc:h2:file:" + dir.resolve("fleet-db") + ";DB_CLOSE_DELAY=0", "sa", "");
        IssuedIdentity fleet = ca.issueClient("salle-fleet");
        monitor = new FleetMonitor(broker.uri(), "salle-fleet",
                MutualTls.clientContext(fleet.key(), fleet.chain(), ca.certificate()).getSocketFactory(), "salle/v1",
                registry, clock);
        monitor.start();
        agents = Executors.newSingleThreadScheduledExecutor();
        links = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        agents.shutdownNow();
        links.shutdownNow();
        monitor.close();
        registry.close();
        proxy.close();
        broker.close();
    }

    @Test
    void twoHundredDevicesShowUpOnlineAndGoOfflineByTheirWillWhenKilled() throws Exception {
        for (int i = 0; i < DEVICES; i++) {
            String id = "d-sim%03d".formatted(i);
            FleetConfig config = FleetConfig.of("mqtts://127.0.0.1:" + proxy.port(), id)
                    .withTelemetryInterval(Duration.ofSeconds(30)).withKeepAlive(Duration.ofSeconds(30));
            SimulatedRoom room = new SimulatedRoom("Salle " + i, i % 2 == 0 ? "Lyon" : "Villeurbanne");
            FleetAgent agent = new FleetAgent(config, new PahoFleetLink(config, Optional.of(tls(id)), links, new Random(i)),
                    room, room, clock, agents);
            open.add(agent);
            agent.start();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(registry.onlineCount()).as("broker log: %s", tail(broker.log()))
                        .isEqualTo(DEVICES));
        assertThat(registry.devices(Optional.of("Lyon"))).hasSize(DEVICES / 2)
                .allSatisfy(d -> assertThat(d.call()).contains("idle"));
        assertThat(registry.device("d-sim007").orElseThrow().room()).contains("Salle 7");

        proxy.refuseNewConnections(true);
        proxy.cut();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(registry.onlineCount()).isZero());
        assertThat(registry.devices(Optional.empty())).hasSize(DEVICES)
                .allSatisfy(d -> assertThat(d.reason()).as(d.id()).contains("lost"));
        assertThat(monitor.dropped()).isEmpty();
    }

    @Test
    void aDevicesGarbageStateIsDroppedAndCountedAndChangesNothing() throws Exception {
        FleetTls tls = tls("d-odd");
        try (MqttProbe device = new MqttProbe(broker.uri(), "d-odd", tls.socketFactory())) {
            device.publish("salle/v1/devices/d-odd/state", "{\"online\":true,\"room\":\"Salle\"}", true);
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.device("d-odd").isPresent());
            device.publish("salle/v1/devices/d-odd/state", "{\"online\":\"maybe\"}", true);
            device.publish("salle/v1/devices/d-odd/state", "not json", true);
            await().atMost(Duration.ofSeconds(10)).until(() -> monitor.dropped().getOrDefault("bad-state", 0L) == 2);
        }

        DeviceRecord kept = registry.device("d-odd").orElseThrow();
        assertThat(kept.room()).contains("Salle");
    }

    private FleetTls tls(String id) throws Exception {
        KeyPair pair = DeviceKeys.generate();
        return new FleetTls(pair.getPrivate(),
                List.of(ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), id), ca.certificate()),
                ca.certificate());
    }

    private static String tail(String log) {
        return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
    }
}

package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.device.fleet.FleetTls;
import dev.salle.fleet.monitor.FleetMonitor;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.provisioning.broker.DeviceAcl;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import dev.salle.testkit.MosquittoProcess;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts end to end on loopback: the fleet's runner sends {@code update} commands over MQTT with
 * mutual TLS (Mosquitto, per-device ACLs); 20 devices with the device's real fleet agent,
 * downloader and update agent fetch a signed bundle over HTTPS, verify it, install it into their
 * other slot, restart into it, and report; the rollout advances wave by wave, or halts.
 */
class RolloutMosquittoTest {

    private static final int DEVICES = 20;
    private static final KeyPair RELEASE = ReleaseKeys.generate();

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private DeviceCa ca;
    private MosquittoProcess broker;
    private HttpsServer bundles;
    private DeviceRegistry registry;
    private RolloutStore store;
    private FleetMonitor monitor;
    private final List<UpdatingDevice> devices = new ArrayList<>();
    private final ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService links = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService runnerThread = Executors.newSingleThreadScheduledExecutor();
    private RolloutRunner runner;

    @BeforeEach
    void start() throws Exception {
        ca = DeviceCa.create(dir.resolve("ca"), "Préfecture du Rhône", clock);
        IssuedIdentity server = ca.issueServer("broker", List.of("127.0.0.1"));
        server.writePem(dir.resolve("broker.key"), dir.resolve("broker.crt"));
        SecretFiles.writePublic(dir.resolve("acl"), DeviceAcl.mosquitto("salle/v1", "salle-fleet"));
        broker = MosquittoProcess.startMutualTls(new MosquittoProcess.MutualTls(dir.resolve("ca/ca.crt"),
                dir.resolve("broker.crt"), dir.resolve("broker.key"), dir.resolve("acl"), Optional.empty()));
        bundles = httpsServer(ca.issueServer("fleet-bundles", List.of("127.0.0.1")));
        String db = "jdbc:h2:file:" + dir.resolve("fleet") + ";DB_CLOSE_DELAY=0";
        registry = DeviceRegistry.open(db, "sa", "");
        store = new RolloutStore(db, "sa", "");
        IssuedIdentity fleet = ca.issueClient("salle-fleet");
        monitor = new FleetMonitor(broker.uri(), "salle-fleet",
                MutualTls.clientContext(fleet.key(), fleet.chain(), ca.certificate()).getSocketFactory(), "salle/v1",
                registry, clock);
        monitor.start();
        for (int i = 0; i < DEVICES; i++) {
            String id = "d-sim%03d".formatted(i);
            KeyPair pair = DeviceKeys.generate();
            FleetTls tls = new FleetTls(pair.getPrivate(), List.of(ca.issueDevice(
                    Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), id), ca.certificate()), ca.certificate());
            devices.add(new UpdatingDevice(id, tls, "mqtts://127.0.0.1:" + broker.port(), dir.resolve(id),
                    List.of(RELEASE.getPublic()), "1.4.0", agents, links, clock));
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
        runnerThread.shutdownNow();
        devices.forEach(UpdatingDevice::close);
        agents.shutdownNow();
        links.shutdownNow();
        monitor.close();
        store.close();
        registry.close();
        bundles.stop(0);
        broker.close();
    }

    @Test
    void everyDeviceReachesTheNewVersionWaveByWaveEvenOneInACallAndOneThatWasOffline() throws Exception {
        serve("/1.5.0.bundle", bundle("1.5.0", false));
        devices.get(DEVICES - 1).inCall.set(true);
        startDevicesExceptLast(1);

        runner = run("r-happy", "1.5.0", "/1.5.0.bundle", new RolloutPolicy(List.of(10, 50, 100), 100, 1, false,
                Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(60)).until(() -> runner.rollout().currentWave() == 2);
        devices.get(DEVICES - 2).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.rollout().device("d-sim019").detail().equals("deferred"));
        assertThat(devices.get(DEVICES - 1).running()).as("a room in a call is not updated").isEqualTo("1.4.0");
        devices.get(DEVICES - 1).inCall.set(false);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(runner.rollout().state()).as("%s %s", runner.rollout(), runner.rollout().counts()).isEqualTo(Rollout.State.DONE));
        assertThat(devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.5.0"));
        assertThat(store.load("r-happy").orElseThrow().state()).isEqualTo(Rollout.State.DONE);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(registry.devices(Optional.empty())).allSatisfy(r -> assertThat(r.version()).contains("1.5.0")));
    }

    @Test
    void aBundleFailingItsHealthCheckOnTenPercentHaltsAndThoseDevicesRollBack() throws Exception {
        serve("/1.5.0.bundle", bundle("1.5.0", false));
        devices.get(3).failHealthCheckAfterUpdate();
        devices.get(13).failHealthCheckAfterUpdate();
        startDevicesExceptLast(0);

        runner = run("r-fail", "1.5.0", "/1.5.0.bundle", new RolloutPolicy(List.of(10, 50, 100), 80, 5, true,
                Duration.ofMinutes(5)));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(runner.rollout().state()).as("%s", runner.rollout().counts()).isEqualTo(Rollout.State.HALTED));
        Rollout r = runner.rollout();
        assertThat(r.currentWave()).isEqualTo(1);
        assertThat(r.device("d-sim003").detail()).isEqualTo("rolled-back");
        await().atMost(Duration.ofSeconds(20)).until(() -> devices.get(3).running().equals("1.4.0"));
        assertThat(r.devices()).filteredOn(d -> d.wave() == 2)
                .allSatisfy(d -> assertThat(d.progress()).isEqualTo(DeviceProgress.WAITING));
        assertThat(devices.subList(10, DEVICES)).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.4.0"));
    }

    @Test
    void aTamperedBundleIsRefusedByEveryDeviceBeforeInstallWithTheReasonAtTheFleet() throws Exception {
        byte[] tampered = bundle("1.5.0", false);
        tampered[tampered.length - 10] ^= 0x01;
        serve("/1.5.0.bundle", tampered);
        startDevicesExceptLast(0);

        runner = run("r-tampered", "1.5.0", "/1.5.0.bundle", new RolloutPolicy(List.of(10, 100), 100, 2, false,
                Duration.ofMinutes(5)));

        await().atMost(Duration.ofSeconds(60)).until(() -> runner.rollout().state() == Rollout.State.HALTED);
        assertThat(runner.rollout().devices()).filteredOn(d -> d.wave() == 0)
                .allSatisfy(d -> assertThat(d.detail()).isEqualTo("payload-mismatch"));
        assertThat(devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.4.0"));
    }

    private void startDevicesExceptLast(int held) {
        devices.subList(0, DEVICES - 1 - held + (held == 0 ? 1 : 0)).forEach(UpdatingDevice::start);
        if (held == 1) {
            devices.get(DEVICES - 1).start();
        }
        int expected = held == 1 ? DEVICES - 1 : DEVICES;
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.onlineCount() == expected);
    }

    private RolloutRunner run(String id, String version, String path, RolloutPolicy policy) {
        List<String> target = devices.stream().map(d -> "d-sim%03d".formatted(devices.indexOf(d))).toList();
        Rollout rollout = Rollout.create(id, version, target, policy, clock.instant());
        RolloutRunner r = new RolloutRunner(rollout, URI.create("https://127.0.0.1:" + bundles.getAddress().getPort() + path),
                monitor, registry, store, clock, runnerThread);
        r.start(Duration.ofMillis(300));
        return r;
    }

    private byte[] bundle(String version, boolean rollback) throws Exception {
        Path payload = Files.writeString(dir.resolve("payload-" + version), "device application " + version);
        var out = new java.io.ByteArrayOutputStream();
        BundleWriter.write(payload, BundleVersion.parse(version), "device-app", BundleVersion.parse("1.0.0"), rollback,
                RELEASE, clock.instant(), out);
        return out.toByteArray();
    }

    private final Map<String, byte[]> served = new java.util.concurrent.ConcurrentHashMap<>();

    private void serve(String path, byte[] bytes) {
        served.put(path, bytes);
    }

    private HttpsServer httpsServer(IssuedIdentity identity) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(identity.keyStore("bundles", "pw".toCharArray()), "pw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        https.start();
        return https;
    }
}

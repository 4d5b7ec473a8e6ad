package dev.salle.fleet.rollout;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.device.fleet.FleetTls;
import dev.salle.provisioning.broker.DeviceAcl;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import dev.salle.testkit.MosquittoProcess;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * What the rollout tests share: a device CA, Mosquitto with mutual TLS and per-device ACLs, an
 * HTTPS server for bundles, a release key, and simulated devices ({@link UpdatingDevice}) on 1.4.0.
 */
final class RolloutRig implements AutoCloseable {

    static final KeyPair RELEASE = ReleaseKeys.generate();

    final Clock clock = Clock.systemUTC();
    final DeviceCa ca;
    final MosquittoProcess broker;
    final List<UpdatingDevice> devices = new ArrayList<>();
    private final Path dir;
    private final HttpsServer bundles;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService links = Executors.newSingleThreadScheduledExecutor();

    RolloutRig(Path dir, int deviceCount) throws Exception {
        this.dir = dir;
        ca = DeviceCa.create(dir.resolve("ca"), "Préfecture du Rhône", clock);
        ca.issueServer("broker", List.of("127.0.0.1")).writePem(dir.resolve("broker.key"), dir.resolve("broker.crt"));
        SecretFiles.writePublic(dir.resolve("acl"), DeviceAcl.mosquitto("salle/v1", "salle-fleet"));
        broker = MosquittoProcess.startMutualTls(new MosquittoProcess.MutualTls(dir.resolve("ca/ca.crt"),
                dir.resolve("broker.crt"), dir.resolve("broker.key"), dir.resolve("acl"), Optional.empty()));
        bundles = httpsServer(ca.issueServer("fleet-bundles", List.of("127.0.0.1")));
        for (int i = 0; i < deviceCount; i++) {
            String id = "d-sim%03d".formatted(i);
            KeyPair pair = DeviceKeys.generate();
            FleetTls tls = new FleetTls(pair.getPrivate(), List.of(ca.issueDevice(
                    Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), id), ca.certificate()), ca.certificate());
            devices.add(new UpdatingDevice(id, tls, "mqtts://127.0.0.1:" + broker.port(), dir.resolve(id),
                    List.of(RELEASE.getPublic()), "1.4.0", agents, links, clock));
        }
    }

    /** The fleet client's socket factory (CN salle-fleet). */
    SSLSocketFactory fleetTls() {
        IssuedIdentity fleet = ca.issueClient("salle-fleet");
        return MutualTls.clientContext(fleet.key(), fleet.chain(), ca.certificate()).getSocketFactory();
    }

    List<String> deviceIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            ids.add("d-sim%03d".formatted(i));
        }
        return ids;
    }

    /** Serves bytes at {@code path} and returns the https address. */
    URI serve(String path, byte[] bytes) {
        served.put(path, bytes);
        return URI.create("https://127.0.0.1:" + bundles.getAddress().getPort() + path);
    }

    byte[] bundle(String version) throws Exception {
        Path payload = Files.writeString(dir.resolve("payload-" + version), "device application " + version);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(payload, BundleVersion.parse(version), "device-app", BundleVersion.parse("1.0.0"), false,
                RELEASE, clock.instant(), out);
        return out.toByteArray();
    }

    @Override
    public void close() {
        devices.forEach(UpdatingDevice::close);
        agents.shutdownNow();
        links.shutdownNow();
        bundles.stop(0);
        broker.close();
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

package dev.salle.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salle.provisioning.broker.DeviceAcl;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import dev.salle.testkit.MosquittoProcess;
import dev.salle.testkit.MqttProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet broker's side of enrolment, with a real Mosquitto: mutual TLS required, each device
 * confined to its own topics by its certificate's CN, revoked certificates refused.
 */
class BrokerAccessControlMosquittoTest {

    @TempDir
    Path dir;

    private DeviceCa ca;
    private MosquittoProcess broker;
    private final java.util.List<AutoCloseable> open = new java.util.ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        ca = DeviceCa.create(dir.resolve("ca"), "Préfecture du Rhône", Clock.systemUTC());
        IssuedIdentity server = ca.issueServer("broker", List.of("127.0.0.1"));
        server.writePem(dir.resolve("broker.key"), dir.resolve("broker.crt"));
        SecretFiles.writePublic(dir.resolve("acl"), DeviceAcl.mosquitto("salle/v1", "salle-fleet"));
        SecretFiles.writePublic(dir.resolve("crl.pem"), Pem.write(ca.crl(List.of())));
        broker = MosquittoProcess.startMutualTls(new MosquittoProcess.MutualTls(dir.resolve("ca/ca.crt"),
                dir.resolve("broker.crt"), dir.resolve("broker.key"), dir.resolve("acl"), Optional.of(dir.resolve("crl.pem"))));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        broker.close();
    }

    @Test
    void aDeviceWithItsCertificatePublishesItsStateAndTheFleetSeesIt() throws Exception {
        MqttProbe fleet = probe("salle-fleet", client("salle-fleet")).subscribe("salle/v1/#");
        FleetTls deviceTls = device("d-alpha");
        FleetConfig config = FleetConfig.of("mqtts://127.0.0.1:" + broker.port(), "d-alpha")
                .withTelemetryInterval(Duration.ofMillis(500));
        ScheduledExecutorService agentExecutor = executor();
        ScheduledExecutorService linkExecutor = executor();
        FleetAgent agent = new FleetAgent(config, new PahoFleetLink(config, Optional.of(deviceTls), linkExecutor,
                new Random()), new FakeDevice(), new FakeDevice(), Clock.systemUTC(), agentExecutor);
        open.add(agent);
        agent.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fleet.on("salle/v1/devices/d-alpha/state")).as("broker log: %s", broker.log())
                    .anySatisfy(m -> assertThat(m.payload()).contains("\"online\":true"));
            assertThat(fleet.on("salle/v1/devices/d-alpha/telemetry")).isNotEmpty();
        });
    }

    @Test
    void aDeviceCannotPublishOrSubscribeUnderAnotherDevicesTopics() throws Exception {
        MqttProbe fleet = probe("salle-fleet", client("salle-fleet")).subscribe("salle/v1/#");
        FleetTls alphaTls = device("d-alpha");
        MqttProbe alpha = probe("d-alpha", alphaTls.socketFactory());
        var raw = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(broker.uri(), "d-alpha-raw",
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setSocketFactory(alphaTls.socketFactory());
        raw.connect(options).waitForCompletion(10_000);
        open.add(() -> {
            raw.disconnect().waitForCompletion(5_000);
            raw.close();
        });

        int own = pubackReason(raw, "salle/v1/devices/d-alpha/events", "{\"type\":\"mine\"}");
        int other = pubackReason(raw, "salle/v1/devices/d-beta/state", "{\"online\":false}");
        int command = pubackReason(raw, "salle/v1/devices/d-beta/cmd", "{\"command\":\"restart\"}");
        alpha.subscribe("salle/v1/devices/d-beta/cmd").subscribe("salle/v1/#").subscribe("salle/v1/devices/d-alpha/cmd");
        MqttProbe beta = probe("d-beta", device("d-beta").socketFactory()).subscribe("salle/v1/devices/d-beta/cmd");
        fleet.publish("salle/v1/devices/d-beta/cmd", "{\"command\":\"ping\"}", false);
        fleet.publish("salle/v1/devices/d-alpha/cmd", "{\"command\":\"ping\"}", false);

        assertThat(own).isZero();
        assertThat(other).as("PUBACK to another device's state").isEqualTo(0x87);
        assertThat(command).as("PUBACK to another device's commands").isEqualTo(0x87);
        await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.on("salle/v1/devices/d-alpha/events").isEmpty()
                && !beta.on("salle/v1/devices/d-beta/cmd").isEmpty()
                && !alpha.on("salle/v1/devices/d-alpha/cmd").isEmpty());
        assertThat(fleet.on("salle/v1/devices/d-beta/state")).isEmpty();
        assertThat(beta.on("salle/v1/devices/d-beta/cmd")).hasSize(1);
        assertThat(alpha.received()).as("what d-alpha received through its three subscriptions")
                .allSatisfy(m -> assertThat(m.topic()).isEqualTo("salle/v1/devices/d-alpha/cmd"));
    }

    @Test
    void clientsWithoutACertificateOrWithOneFromAnotherCaCannotConnect() throws Exception {
        DeviceCa other = DeviceCa.create(dir.resolve("other-ca"), "Elsewhere", Clock.systemUTC());
        KeyPair pair = DeviceKeys.generate();
        X509Certificate foreign = other.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), "d-alpha");
        FleetTls foreignTls = new FleetTls(pair.getPrivate(), List.of(foreign, other.certificate()), ca.certificate());

        assertThatThrownBy(() -> probe("d-alpha", foreignTls.socketFactory())).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> probe("anon", trustOnly())).isInstanceOf(MqttException.class);
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void aRevokedDeviceCanNoLongerConnectWhileOthersStill() throws Exception {
        FleetTls alpha = device("d-alpha");
        FleetTls beta = device("d-beta");
        probe("d-alpha", alpha.socketFactory()).close();
        open.removeLast();

        SecretFiles.writePublic(dir.resolve("crl.pem"), Pem.write(ca.crl(List.of(alpha.chain().get(0).getSerialNumber()))));
        broker.restart();

        assertThatThrownBy(() -> probe("d-alpha", alpha.socketFactory())).isInstanceOf(MqttException.class);
        MqttProbe fleet = probe("salle-fleet", client("salle-fleet")).subscribe("salle/v1/#");
        probe("d-beta", beta.socketFactory()).publish("salle/v1/devices/d-beta/events", "{}", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.on("salle/v1/devices/d-beta/events").isEmpty());
    }

    private static int pubackReason(org.eclipse.paho.mqttv5.client.MqttAsyncClient client, String topic, String payload) {
        try {
            var token = client.publish(topic, new org.eclipse.paho.mqttv5.common.MqttMessage(
                    payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false, null));
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private FleetTls device(String id) throws Exception {
        KeyPair pair = DeviceKeys.generate();
        X509Certificate cert = ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), id);
        return new FleetTls(pair.getPrivate(), List.of(cert, ca.certificate()), ca.certificate());
    }

    private javax.net.ssl.SSLSocketFactory client(String id) {
        IssuedIdentity identity = ca.issueClient(id);
        return new FleetTls(identity.key(), identity.chain(), ca.certificate()).socketFactory();
    }

    private javax.net.ssl.SSLSocketFactory trustOnly() throws Exception {
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private MqttProbe probe(String id, javax.net.ssl.SSLSocketFactory tls) throws Exception {
        MqttProbe probe = new MqttProbe(broker.uri(), id, tls);
        open.add(probe);
        return probe;
    }

    private ScheduledExecutorService executor() {
        ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor();
        open.add(() -> {
            e.shutdownNow();
            e.awaitTermination(5, TimeUnit.SECONDS);
        });
        return e;
    }
}

package dev.salle.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salle.device.fleet.FleetTls;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.Pem;
import dev.salle.testkit.LoopbackPorts;
import dev.salle.testkit.MqttProbe;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker the demo uses enforces what the Mosquitto set-up does: mutual TLS with the
 * device CA, each device on its own topics (certificate CN), the fleet on all, revoked
 * certificates refused.
 */
class EmbeddedBrokerAccessControlTest {

    @TempDir
    Path dir;

    private DeviceCa ca;
    private EmbeddedMqttBroker broker;
    private final Set<BigInteger> revoked = new CopyOnWriteArraySet<>();
    private final java.util.List<AutoCloseable> open = new java.util.ArrayList<>();

    @BeforeEach
    void start() {
        ca = DeviceCa.create(dir.resolve("ca"), "Org", Clock.systemUTC());
        broker = EmbeddedMqttBroker.startMutualTls(LoopbackPorts.free(), Optional.empty(),
                new EmbeddedMqttBroker.MutualTls(ca.issueServer("broker", List.of("127.0.0.1")), ca.certificate(),
                        "salle/v1", "salle-fleet", () -> Set.copyOf(revoked)));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        broker.close();
    }

    @Test
    void aDevicePublishesItsOwnStateAndIsRefusedAnotherDevicesTopics() throws Exception {
        MqttProbe fleet = probe("salle-fleet", tls(ca.issueClient("salle-fleet"))).subscribe("salle/v1/#");
        FleetTls alphaTls = device("d-alpha");
        MqttAsyncClient alpha = client("d-alpha", alphaTls);

        assertThat(publish(alpha, "salle/v1/devices/d-alpha/state")).isZero();
        assertThat(subscribe(alpha, "salle/v1/devices/d-beta/cmd")).isEqualTo(0x87);
        assertThat(subscribe(alpha, "salle/v1/#")).isEqualTo(0x87);
        assertThat(subscribe(alpha, "salle/v1/devices/d-alpha/cmd")).isEqualTo(1);
        for (String topic : List.of("salle/v1/devices/d-beta/state", "salle/v1/devices/d-beta/cmd")) {
            MqttAsyncClient trying = client("d-alpha-" + topic.length(), alphaTls);
            int reason = publish(trying, topic);
            assertThat(reason == 0x87 || !trying.isConnected())
                    .as("publish to %s refused (reason %d, still connected %s)", topic, reason, trying.isConnected()).isTrue();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.on("salle/v1/devices/d-alpha/state").isEmpty());
        assertThat(fleet.on("salle/v1/devices/d-beta/state")).isEmpty();
        assertThat(fleet.on("salle/v1/devices/d-beta/cmd")).isEmpty();
    }

    @Test
    void clientsWithoutATrustedCertificateOrWithARevokedOneCannotConnect() throws Exception {
        DeviceCa other = DeviceCa.create(dir.resolve("other"), "Elsewhere", Clock.systemUTC());
        KeyPair pair = DeviceKeys.generate();
        X509Certificate foreign = other.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), "d-alpha");
        FleetTls gamma = device("d-gamma");
        client("d-gamma", gamma).disconnect().waitForCompletion(5_000);

        revoked.add(gamma.chain().get(0).getSerialNumber());

        assertThatThrownBy(() -> client("d-alpha", new FleetTls(pair.getPrivate(), List.of(foreign), ca.certificate())))
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> client("d-gamma", gamma)).isInstanceOf(MqttException.class);
        assertThat(client("d-delta", device("d-delta")).isConnected()).isTrue();
    }

    private FleetTls device(String id) throws Exception {
        KeyPair pair = DeviceKeys.generate();
        X509Certificate cert = ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), id);
        return new FleetTls(pair.getPrivate(), List.of(cert, ca.certificate()), ca.certificate());
    }

    private FleetTls tls(IssuedIdentity identity) {
        return new FleetTls(identity.key(), identity.chain(), ca.certificate());
    }

    private MqttProbe probe(String id, FleetTls tls) throws Exception {
        MqttProbe probe = new MqttProbe(broker.uri(), id, tls.socketFactory());
        open.add(probe);
        return probe;
    }

    private MqttAsyncClient client(String id, FleetTls tls) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.uri(), id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.socketFactory());
        try {
            client.connect(options).waitForCompletion(10_000);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        open.add(() -> {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        });
        return client;
    }

    private static int publish(MqttAsyncClient client, String topic) {
        try {
            var token = client.publish(topic, new MqttMessage("{}".getBytes(StandardCharsets.UTF_8), 1, false, null));
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private static int subscribe(MqttAsyncClient client, String filter) throws MqttException {
        var token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null,
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }
}

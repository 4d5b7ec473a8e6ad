package dev.salle.fleet;

import dev.salle.broker.EmbeddedMqttBroker;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.service.ProvisioningAdmin;
import dev.salle.provisioning.service.ProvisioningRegistry;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * The broker {@code ./salle fleet serve} runs when no {@code --broker} is given: HiveMQ CE in this
 * JVM with mutual TLS and the per-device rules, trusting the device CA of the provisioning folder
 * (the one {@code ./salle provision} enrols devices with; made here, as {@code provision init}
 * would, when the folder is empty). Its server certificate and the fleet manager's own client
 * certificate are issued by that CA at each start. Certificates revoked with
 * {@code ./salle provision revoke} are refused at connect (the list is re-read every 5 s).
 *
 * @param broker the running broker
 * @param fleetTls the fleet manager's client side (CN {@code salle-fleet})
 * @param devicesUri what devices are given: {@code mqtts://host:port}
 * @param madeCa true when this start created the provisioning folder
 * @param ca the device CA, which also certifies the fleet's other servers (its bundle server)
 */
record EmbeddedFleetBroker(EmbeddedMqttBroker broker, SSLSocketFactory fleetTls, URI devicesUri, Path provisioning,
                           boolean madeCa, DeviceCa ca) implements AutoCloseable {

    static final String FLEET_CLIENT = "salle-fleet";
    private static final Duration REVOCATION_REFRESH = Duration.ofSeconds(5);

    static EmbeddedFleetBroker start(Path provisioning, String organisation, String bind, int port, Path brokerData,
                                     String prefix, Clock clock) {
        String host = publicHost(bind);
        URI devices = URI.create("mqtts://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        boolean made = !Files.exists(provisioning.resolve(ProvisioningAdmin.PROVISIONING_KEY));
        ProvisioningAdmin admin = made
                ? ProvisioningAdmin.init(provisioning, organisation, URI.create("https://" + host + ":8443/enrol"), devices, clock)
                : ProvisioningAdmin.open(provisioning, clock);
        IssuedIdentity server = admin.ca().issueServer("salle-fleet-broker", serverNames(host));
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.startMutualTls(port, Optional.of(brokerData),
                new EmbeddedMqttBroker.MutualTls(server, admin.ca().certificate(), prefix, FLEET_CLIENT,
                        revocations(provisioning, clock), bind));
        IssuedIdentity fleet = admin.ca().issueClient(FLEET_CLIENT);
        SSLSocketFactory tls = MutualTls.clientContext(fleet.key(), fleet.chain(), admin.ca().certificate()).getSocketFactory();
        return new EmbeddedFleetBroker(broker, tls, devices, provisioning, made, admin.ca());
    }

    /** The name devices reach an address bound to {@code bind} by: the machine's name for a wildcard. */
    static String publicHost(String bind) {
        return "0.0.0.0".equals(bind) || "::".equals(bind) ? hostName() : bind;
    }

    /** The names a server certificate of the fleet carries: loopback, and {@code host}. */
    static List<String> serverNames(String host) {
        List<String> names = new ArrayList<>(List.of("127.0.0.1", "localhost"));
        if (!names.contains(host)) {
            names.add(host);
        }
        return names;
    }

    /** Paho's address of the broker for the fleet manager itself (always loopback). */
    String pahoUri() {
        return "ssl://127.0.0.1:" + broker.port();
    }

    @Override
    public void close() {
        broker.close();
    }

    /** The revoked serials, re-read from the provisioning registry at most every 5 s. */
    private static Supplier<Set<BigInteger>> revocations(Path provisioning, Clock clock) {
        return new Supplier<>() {
            private Set<BigInteger> serials = Set.of();
            private Instant readAt = Instant.MIN;

            @Override
            public synchronized Set<BigInteger> get() {
                Instant now = clock.instant();
                if (readAt.plus(REVOCATION_REFRESH).isBefore(now)) {
                    try {
                        serials = ProvisioningRegistry.open(provisioning).revokedSerials();
                        readAt = now;
                    } catch (RuntimeException e) {
                        // keep the last list; a registry being rewritten is read again next time
                    }
                }
                return serials;
            }
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

package dev.salle.demo;

import dev.salle.device.fleet.FleetTls;
import dev.salle.provisioning.ca.CsrRejectedException;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The demo's own small PKI, in its data folder: a device CA, the embedded broker's certificate, the
 * simulated device's key and certificate (made the way enrolment makes them: a key of its own and
 * a CSR the CA checks), and a fleet client certificate written to files so a person can watch the
 * broker with {@code mosquitto_sub}. The demo's device is enrolled this way, without a QR code;
 * {@code docs/provisioning.md} describes the real path.
 */
final class DemoPki {

    static final String FLEET_CLIENT = "salle-fleet";

    private final DeviceCa ca;
    private final Path dir;

    DemoPki(Path dir, Clock clock) {
        this.dir = dir;
        this.ca = DeviceCa.create(dir.resolve("ca"), "Salle demo", clock);
    }

    X509Certificate caCertificate() {
        return ca.certificate();
    }

    IssuedIdentity broker() {
        return ca.issueServer("demo-broker", List.of("127.0.0.1", "localhost"));
    }

    FleetTls device(String deviceId) {
        KeyPair pair = DeviceKeys.generate();
        try {
            X509Certificate cert = ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), deviceId);
            return new FleetTls(pair.getPrivate(), List.of(cert, ca.certificate()), ca.certificate());
        } catch (CsrRejectedException e) {
            throw new IllegalStateException("the demo CA refused its own device's request: " + e.getMessage(), e);
        }
    }

    /** The fleet manager's own client side (CN salle-fleet), in memory. */
    javax.net.ssl.SSLSocketFactory fleetManagerTls() {
        IssuedIdentity fleet = ca.issueClient(FLEET_CLIENT);
        return dev.salle.provisioning.ca.MutualTls.clientContext(fleet.key(), fleet.chain(), ca.certificate()).getSocketFactory();
    }

    /** The fleet console's HTTPS identity, for 127.0.0.1 and localhost. */
    IssuedIdentity console() {
        return ca.issueServer("demo-console", List.of("127.0.0.1", "localhost"));
    }

    /** Writes the fleet client's key (0600), its chain and the CA; returns the three paths. */
    List<Path> writeFleetClient() {
        IssuedIdentity fleet = ca.issueClient(FLEET_CLIENT);
        Path key = dir.resolve("fleet.key");
        Path cert = dir.resolve("fleet.crt");
        Path caFile = dir.resolve("ca/ca.crt");
        fleet.writePem(key, cert);
        SecretFiles.writePublic(caFile, Pem.write(ca.certificate()));
        return List.of(caFile, cert, key);
    }
}

package dev.salle.simulator;

import dev.salle.broker.EmbeddedMqttBroker;
import dev.salle.fleet.FleetManager;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.testkit.LoopbackPorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the simulator's tests run against: a device CA, the embedded broker with mutual TLS on
 * loopback, a fleet manager on an in-memory database, and the simulated rooms, closed in reverse.
 */
final class FleetBench implements AutoCloseable {

    final DeviceCa ca;
    final EmbeddedMqttBroker broker;
    final FleetManager fleet;
    private DeviceSimulator sim;

    FleetBench(Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        ca = DeviceCa.create(dir.resolve("ca"), "Simulated org", clock);
        int port = LoopbackPorts.free();
        broker = EmbeddedMqttBroker.startMutualTls(port, Optional.of(dir.resolve("broker")), new EmbeddedMqttBroker.MutualTls(
                ca.issueServer("broker", List.of("127.0.0.1")), ca.certificate(), "salle/v1", "salle-fleet", Set::of));
        IssuedIdentity fleetId = ca.issueClient("salle-fleet");
        fleet = FleetManager.start(broker.uri(), MutualTls.clientContext(fleetId.key(), fleetId.chain(), ca.certificate())
                .getSocketFactory(), "salle/v1", "jdbc:h2:mem:sim-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", clock,
                Duration.ofMillis(300), Duration.ofMillis(200));
    }

    /** Starts the rooms; {@code settings} is given the broker's address. */
    DeviceSimulator rooms(Function<String, DeviceSimulator.Settings> settings) {
        sim = DeviceSimulator.start(settings.apply("mqtts://127.0.0.1:" + broker.port()), ca, ca.certificate(),
                Clock.systemUTC(), n -> { });
        return sim;
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
        fleet.close();
        broker.close();
    }
}

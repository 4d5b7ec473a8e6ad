package dev.salle.demo;

import dev.salle.fleet.FleetManager;
import dev.salle.fleet.console.ConsoleServer;
import dev.salle.fleet.console.ConsoleStore;
import dev.salle.fleet.console.Role;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.SecretFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLSocketFactory;

/**
 * The demo's fleet manager: registry, layered configuration and rollouts in an in-memory database,
 * on the demo's broker, with its console on loopback. One user, {@code admin}, whose generated
 * password is written to a 0600 file (never printed or logged).
 */
final class DemoFleet implements AutoCloseable {

    private final FleetManager manager;
    private final ConsoleStore users;
    private final ConsoleServer console;
    private final Path passwordFile;

    private DemoFleet(FleetManager manager, ConsoleStore users, ConsoleServer console, Path passwordFile) {
        this.manager = manager;
        this.users = users;
        this.console = console;
        this.passwordFile = passwordFile;
    }

    static DemoFleet start(String brokerUri, SSLSocketFactory tls, IssuedIdentity consoleIdentity, int consolePort,
                           Path passwordFile, Clock clock) {
        String db = "jdbc:h2:mem:salle-demo-fleet-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        FleetManager manager = FleetManager.start(brokerUri, tls, "salle/v1", db, "sa", "", clock, Duration.ofSeconds(2),
                Duration.ofSeconds(1));
        ConsoleStore users = null;
        try {
            users = new ConsoleStore(db, "sa", "");
            byte[] raw = new byte[18];
            new SecureRandom().nextBytes(raw);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            SecretFiles.writeSecret(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
            users.putUser("admin", Role.ADMIN, password.toCharArray());
            ConsoleServer console = new ConsoleServer("127.0.0.1", consolePort, consoleIdentity, users, manager.registry(),
                    manager.rollouts(), manager.layers(), java.util.Optional.of(manager.live()), clock);
            console.start();
            return new DemoFleet(manager, users, console, passwordFile);
        } catch (RuntimeException e) {
            if (users != null) {
                users.close();
            }
            manager.close();
            throw e;
        }
    }

    URI consoleUri() {
        return console.uri();
    }

    Path passwordFile() {
        return passwordFile;
    }

    FleetManager manager() {
        return manager;
    }

    @Override
    public void close() {
        console.close();
        users.close();
        manager.close();
    }
}

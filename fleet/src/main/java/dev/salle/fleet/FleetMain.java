package dev.salle.fleet;

import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.BundleServer;
import dev.salle.fleet.registry.FleetDatabase;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./salle fleet}: the fleet manager. {@code serve} keeps the registry up to date from the
 * broker; {@code devices} lists what it knows. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "The fleet manager: watch the devices through the broker, and list them.",
        subcommands = {FleetMain.Serve.class, FleetMain.Devices.class, FleetConfigCommands.class, FleetRolloutCommands.class,
                FleetBundleCommands.class, FleetMain.UserAdd.class})
public final class FleetMain implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new FleetMain());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("fleet: " + e.getMessage());
            return 1;
        });
        return line;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code jdbc:h2:file:<data>/fleet/registry} with AUTO_SERVER, so the CLI can read while {@code serve} runs. */
    static String defaultDb() {
        return "jdbc:h2:file:" + dataDir().resolve("registry") + ";AUTO_SERVER=TRUE";
    }

    /** {@code $SALLE_DATA/fleet}, or {@code ~/.local/share/salle/fleet}. */
    static Path dataDir() {
        return salleData().resolve("fleet");
    }

    /** The bundles the fleet hosts: in {@code --bundles DIR} when given, else {@code $SALLE_DATA/fleet/bundles}. */
    static BundleLibrary bundleLibrary(Path option) {
        return new BundleLibrary(option != null ? option : dataDir().resolve("bundles"));
    }

    /** The folder {@code ./salle provision} uses by default. */
    static Path provisioningDir() {
        return salleData().resolve("provisioning");
    }

    private static Path salleData() {
        String env = System.getenv("SALLE_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".local", "share", "salle");
    }

    abstract static class Sub implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--db", paramLabel = "JDBC-URL",
                description = "The fleet database: jdbc:postgresql://HOST:PORT/DATABASE, or jdbc:h2:file:PATH"
                        + " (default: an H2 file under $SALLE_DATA/fleet or ~/.local/share/salle/fleet).")
        String db;

        @Option(names = "--db-user", paramLabel = "NAME",
                description = "The database user: required with PostgreSQL (the role the fleet connects as);"
                        + " H2's own 'sa' when not given for an H2 file.")
        String dbUser;

        @Option(names = "--db-password-file", paramLabel = "FILE",
                description = "A file (mode 0600) holding the database password; never put it in the URL.")
        Path dbPasswordFile;

        DeviceRegistry registry() {
            return DeviceRegistry.open(jdbcUrl(), dbUser(), password());
        }

        /**
         * The {@code --db-user}, or H2's {@code sa} for an H2 database; PostgreSQL has no user the
         * fleet could guess, so there it must be given.
         */
        String dbUser() {
            if (dbUser != null && !dbUser.isBlank()) {
                return dbUser;
            }
            String url = jdbcUrl();
            if (FleetDatabase.vendor(url) == FleetDatabase.Vendor.H2) {
                return "sa";
            }
            throw new CommandLine.ParameterException(spec.commandLine(), "--db " + FleetDatabase.redact(url)
                    + " needs --db-user NAME: the PostgreSQL role the fleet connects as (and --db-password-file FILE"
                    + " when the server asks for a password)");
        }

        /** The {@code --db} URL, checked: a database the fleet runs on, and no password in it. */
        String jdbcUrl() {
            if (db == null) {
                return defaultDb();
            }
            try {
                FleetDatabase.vendor(db);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--db: " + e.getMessage());
            }
            if (!FleetDatabase.redact(db).equals(db)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--db " + FleetDatabase.redact(db)
                        + " holds a password, which the command line shows to every user of the machine: remove it from"
                        + " the URL and give --db-password-file FILE (mode 0600) instead");
            }
            return db;
        }

        String password() {
            if (dbPasswordFile == null) {
                return "";
            }
            SecretFiles.requireOwnerOnly(dbPasswordFile);
            try {
                return Files.readString(dbPasswordFile).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dbPasswordFile + ": " + e.getMessage(), e);
            }
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "serve", description = "Run the fleet manager until Ctrl-C: with no --broker, on an embedded broker.")
    static final class Serve extends Sub {
        @Option(names = "--broker", description = "An external broker, mqtts://host:port (with --cert, --key, --cafile);"
                + " without it the fleet runs its own embedded broker.")
        String broker;

        @Option(names = "--cert", description = "With --broker: the fleet manager's certificate chain (PEM; CN salle-fleet).")
        Path cert;

        @Option(names = "--key", description = "With --broker: its private key (PEM, mode 0600).")
        Path key;

        @Option(names = "--cafile", description = "With --broker: the device CA that certifies the broker (PEM).")
        Path cafile;

        @Option(names = "--broker-bind", defaultValue = "127.0.0.1",
                description = "Embedded broker: the address it listens on; 0.0.0.0 for devices on the network (default ${DEFAULT-VALUE}).")
        String brokerBind;

        @Option(names = "--broker-port", defaultValue = "8883", description = "Embedded broker: its port (default ${DEFAULT-VALUE}).")
        int brokerPort;

        @Option(names = "--provisioning", paramLabel = "DIR",
                description = "Embedded broker: the provisioning folder whose device CA it trusts (default: the one ./salle provision uses).")
        Path provisioning;

        @Option(names = "--broker-data", paramLabel = "DIR",
                description = "Embedded broker: where it keeps sessions and retained states (default $SALLE_DATA/fleet/broker).")
        Path brokerDataDir;

        @Option(names = "--org", defaultValue = "Salle",
                description = "Embedded broker: the organisation of the device CA, when the provisioning folder is new (default ${DEFAULT-VALUE}).")
        String organisation;

        @Option(names = "--topic-prefix", defaultValue = "salle/v1", description = "Topic prefix (default ${DEFAULT-VALUE}).")
        String prefix;

        @Option(names = "--console-cert", description = "The console's certificate chain (PEM); with --console-key, serves the console API.")
        Path consoleCert;

        @Option(names = "--console-key", description = "The console's private key (PEM, 0600).")
        Path consoleKey;

        @Option(names = "--console-port", defaultValue = "8443", description = "The console's HTTPS port (default ${DEFAULT-VALUE}).")
        int consolePort;

        @Option(names = "--console-bind", defaultValue = "127.0.0.1", description = "The console's address (default ${DEFAULT-VALUE}).")
        String consoleBind;

        @Option(names = "--bundles", paramLabel = "DIR",
                description = "The bundles the fleet hosts (default $SALLE_DATA/fleet/bundles); rollout create --bundle adds to it.")
        Path bundlesDir;

        @Option(names = "--bundle-port", defaultValue = "8444",
                description = "The HTTPS port devices download hosted bundles from (default ${DEFAULT-VALUE}; 0 picks one).")
        int bundlePort;

        @Option(names = "--bundle-bind", paramLabel = "ADDRESS",
                description = "The bundle server's address (default: the embedded broker's, --broker-bind).")
        String bundleBind;

        @Option(names = "--bundle-cert", description = "The bundle server's certificate chain (PEM), one devices trust;"
                + " needed with --broker (the embedded broker's device CA issues one otherwise).")
        Path bundleCert;

        @Option(names = "--bundle-key", description = "Its private key (PEM, 0600).")
        Path bundleKey;

        @Option(names = "--release-key", paramLabel = "PEM", description = "A release public key (repeatable): a bundle uploaded"
                + " through the console must be signed by one of them. Without, the devices alone check the signature.")
        List<Path> releaseKeys = new java.util.ArrayList<>();

        @Option(names = "--lease", defaultValue = "15s", paramLabel = "DURATION",
                description = "How long the leading manager's lease lasts on the database's clock; another manager on the same"
                        + " database takes the lead over when it runs out (default ${DEFAULT-VALUE}).")
        String lease;

        @Option(names = "--lease-renew", defaultValue = "5s", paramLabel = "DURATION",
                description = "How often the leader renews its lease and a follower looks, at most half of --lease"
                        + " (default ${DEFAULT-VALUE}).")
        String leaseRenew;

        @Option(names = "--console-upload-limit-mib", defaultValue = "2048", paramLabel = "MIB",
                description = "The largest bundle the console takes, in MiB, 1 to 16384 (default ${DEFAULT-VALUE}).")
        long consoleUploadMib;

        @Override
        public Integer call() throws Exception {
            Running running = start();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                stop.countDown();
            }, "fleet-stop"));
            stop.await();
            return 0;
        }

        private BundleLibrary library() {
            return bundleLibrary(bundlesDir);
        }

        /** What {@code serve} runs, until {@link #close()}. */
        record Running(FleetManager manager, Optional<EmbeddedFleetBroker> broker,
                       Optional<dev.salle.fleet.console.ConsoleServer> console,
                       Optional<dev.salle.fleet.console.ConsoleStore> consoleStore,
                       Optional<BundleServer> bundles) implements AutoCloseable {
            @Override
            public void close() {
                bundles.ifPresent(BundleServer::close);
                console.ifPresent(dev.salle.fleet.console.ConsoleServer::close);
                consoleStore.ifPresent(dev.salle.fleet.console.ConsoleStore::close);
                manager.close();
                broker.ifPresent(EmbeddedFleetBroker::close);
            }
        }

        /** Starts the broker (when embedded), the manager and the console; prints where they are. */
        Running start() throws IOException {
            String jdbcUrl = jdbcUrl(); // a bad --db is refused before anything starts
            String user = dbUser(); // and PostgreSQL without --db-user
            dev.salle.fleet.lease.LeaseSettings leaseSettings;
            try {
                leaseSettings = new dev.salle.fleet.lease.LeaseSettings(FleetRolloutCommands.duration(spec.commandLine(), lease),
                        FleetRolloutCommands.duration(spec.commandLine(), leaseRenew));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (consoleUploadMib < 1 || consoleUploadMib > dev.salle.fleet.console.ConsoleBundleSettings.MAX_UPLOAD_BYTES >> 20) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--console-upload-limit-mib is " + consoleUploadMib
                        + "; allowed: 1 to " + (dev.salle.fleet.console.ConsoleBundleSettings.MAX_UPLOAD_BYTES >> 20));
            }
            var consoleBundles = new dev.salle.fleet.console.ConsoleBundleSettings(library(),
                    FleetRolloutCommands.releaseKeys(spec.commandLine(), releaseKeys), consoleUploadMib << 20);
            if ((bundleCert == null) != (bundleKey == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--bundle-cert and --bundle-key go together");
            }
            EmbeddedFleetBroker embedded = null;
            String brokerUri;
            javax.net.ssl.SSLSocketFactory fleetTls;
            String shownBroker;
            if (broker == null) {
                if (cert != null || key != null || cafile != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--cert, --key and --cafile go with --broker; without --broker the embedded broker issues its own");
                }
                Path prov = provisioning != null ? provisioning : provisioningDir();
                Path brokerData = brokerDataDir != null ? brokerDataDir : dataDir().resolve("broker");
                try {
                    embedded = EmbeddedFleetBroker.start(prov, organisation, brokerBind, brokerPort, brokerData, prefix,
                            Clock.systemUTC());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "the embedded broker cannot start: " + e.getMessage());
                }
                if (embedded.madeCa()) {
                    out().printf("Made a device CA for %s in %s (as ./salle provision init does); enrol rooms with"
                            + " ./salle provision code.%n", organisation, prov);
                }
                out().printf("Embedded MQTT broker on %s (mutual TLS, per-device access; device certificates from %s).%n",
                        embedded.devicesUri(), prov.resolve("ca"));
                brokerUri = embedded.pahoUri();
                fleetTls = embedded.fleetTls();
                shownBroker = embedded.devicesUri().toString();
            } else {
                if (!broker.startsWith("mqtts://")) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--broker must be mqtts://host:port: the fleet talks to devices over mutual TLS only");
                }
                if (cert == null || key == null || cafile == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--broker needs --cert, --key and --cafile: the fleet manager's client certificate, its key and the CA");
                }
                SecretFiles.requireOwnerOnly(key);
                fleetTls = MutualTls.clientContext(Pem.privateKey(Files.readString(key)),
                        Pem.certificates(Files.readString(cert)), Pem.certificates(Files.readString(cafile)).get(0))
                        .getSocketFactory();
                brokerUri = "ssl://" + broker.substring("mqtts://".length());
                shownBroker = broker;
            }
            FleetManager manager;
            try {
                manager = FleetManager.start(brokerUri, fleetTls, prefix, jdbcUrl, user, password(), Clock.systemUTC(),
                        java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1), leaseSettings);
            } catch (RuntimeException e) {
                if (embedded != null) {
                    embedded.close();
                }
                throw e;
            }
            EmbeddedFleetBroker ownBroker = embedded;
            DeviceRegistry registry = manager.registry();
            dev.salle.fleet.console.ConsoleStore consoleStore = null;
            dev.salle.fleet.console.ConsoleServer console = null;
            if (consoleCert != null && consoleKey != null) {
                SecretFiles.requireOwnerOnly(consoleKey);
                consoleStore = new dev.salle.fleet.console.ConsoleStore(jdbcUrl, user, password());
                console = new dev.salle.fleet.console.ConsoleServer(consoleBind, consolePort,
                        new dev.salle.provisioning.ca.IssuedIdentity(Pem.privateKey(Files.readString(consoleKey)),
                                Pem.certificates(Files.readString(consoleCert))),
                        consoleStore, registry, manager.rollouts(), manager.layers(), Optional.of(manager.live()),
                        Optional.of(consoleBundles), Clock.systemUTC());
                console.start();
                out().printf("Console API on https://%s:%d/api (log in with a user from ./salle fleet user add).%n",
                        consoleBind, consolePort);
                out().printf("The console takes bundles of up to %d MiB into %s, %s.%n", consoleUploadMib,
                        consoleBundles.library().dir(), consoleBundles.releaseKeys().isEmpty()
                                ? "their signatures left to the devices (no --release-key)"
                                : "signed by one of " + consoleBundles.releaseKeys().size() + " release key(s)");
            }
            BundleServer bundles;
            try {
                bundles = bundleServer(ownBroker, manager);
            } catch (IOException | RuntimeException e) {
                new Running(manager, Optional.ofNullable(ownBroker), Optional.ofNullable(console),
                        Optional.ofNullable(consoleStore), Optional.empty()).close();
                throw e;
            }
            out().printf("Fleet manager watching %s (%d devices known, %d online). Ctrl-C stops it.%n", shownBroker,
                    registry.devices(Optional.empty()).size(), registry.onlineCount());
            var lead = manager.leadership();
            out().println(lead.leading()
                    ? "This manager (" + lead.manager() + ") leads: it runs the rollouts and pushes configuration."
                    : "This manager (" + lead.manager() + ") follows " + lead.leader().orElse("another manager")
                            + ", which runs the rollouts and pushes configuration; it takes over if that one stops.");
            out().flush();
            return new Running(manager, Optional.ofNullable(ownBroker), Optional.ofNullable(console),
                    Optional.ofNullable(consoleStore), Optional.ofNullable(bundles));
        }

        /**
         * Serves the bundle folder over HTTPS, with a certificate from the embedded broker's device CA
         * or the one given, and records the address for {@code rollout create --bundle}. Null when
         * there is neither (an external broker and no --bundle-cert).
         */
        private BundleServer bundleServer(EmbeddedFleetBroker embedded, FleetManager manager) throws IOException {
            String bind = bundleBind != null ? bundleBind : brokerBind;
            String host = EmbeddedFleetBroker.publicHost(bind);
            dev.salle.provisioning.ca.IssuedIdentity identity;
            if (bundleCert != null) {
                SecretFiles.requireOwnerOnly(bundleKey);
                identity = new dev.salle.provisioning.ca.IssuedIdentity(Pem.privateKey(Files.readString(bundleKey)),
                        Pem.certificates(Files.readString(bundleCert)));
            } else if (embedded != null) {
                identity = embedded.ca().issueServer("salle-fleet-bundles", EmbeddedFleetBroker.serverNames(host));
            } else {
                out().println("Bundles are not hosted: with --broker, give --bundle-cert and --bundle-key (a server"
                        + " certificate the devices trust) to host them; rollout create --bundle-url works without.");
                // an address left by an earlier serve leads nowhere now: rollout create and the console must not hand it out
                library().notServed();
                return null;
            }
            BundleLibrary library = library();
            BundleServer server = new BundleServer(bind, bundlePort, identity, library);
            server.start();
            java.net.URI base = server.base(host);
            try {
                library.servedAt(base);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            // rollouts made while serve ran elsewhere (another port or host) follow it here
            manager.bundleAddresses(stored -> library.rehome(stored, base));
            out().printf("Bundles in %s served at %s (rollout create --bundle FILE adds one).%n", library.dir(),
                    server.base(host));
            return server;
        }
    }

    @Command(name = "user", description = "Add or replace a console user: user NAME --role viewer|operator|admin --password-file F.")
    static final class UserAdd extends Sub {
        @picocli.CommandLine.Parameters(paramLabel = "NAME", description = "The user's name.")
        String name;

        @Option(names = "--role", required = true, description = "viewer, operator or admin.")
        String role;

        @Option(names = "--password-file", required = true, description = "A file (0600) holding the password, at least 12 characters.")
        Path passwordFile;

        @Override
        public Integer call() throws IOException {
            dev.salle.fleet.console.Role r;
            try {
                r = dev.salle.fleet.console.Role.valueOf(role.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--role must be viewer, operator or admin");
            }
            SecretFiles.requireOwnerOnly(passwordFile);
            try (DeviceRegistry registry = registry();
                 var users = new dev.salle.fleet.console.ConsoleStore(jdbcUrl(), dbUser(), password())) {
                users.putUser(name, r, Files.readString(passwordFile).strip().toCharArray());
                users.audit(java.time.Instant.now(), "cli", "user.put", name, "ok, role " + role);
                out().printf("User %s is %s. (%d devices in this registry.)%n", name, role, registry.devices(Optional.empty()).size());
            }
            return 0;
        }
    }

    @Command(name = "devices", description = "List the devices the registry knows.")
    static final class Devices extends Sub {
        @Option(names = "--site", description = "Only this site's devices.")
        String site;

        @Option(names = "--online", description = "Only the devices online now.")
        boolean onlineOnly;

        @Override
        public Integer call() {
            try (DeviceRegistry registry = registry()) {
                List<DeviceRecord> devices = registry.devices(Optional.ofNullable(site)).stream()
                        .filter(d -> !onlineOnly || d.online()).toList();
                out().printf("%-16s  %-8s  %-10s  %-24s  %-20s  %-12s  %s%n", "device", "state", "call", "room", "site",
                        "version", "last seen");
                for (DeviceRecord d : devices) {
                    out().printf("%-16s  %-8s  %-10s  %-24s  %-20s  %-12s  %s%n", d.id(),
                            d.online() ? "online" : "offline" + d.reason().map(r -> " (" + r + ")").orElse(""),
                            d.call().orElse("-"), d.room().orElse("-"), d.site().orElse("-"), d.version().orElse("-"),
                            d.lastSeen().truncatedTo(ChronoUnit.SECONDS));
                }
                out().printf("%d device(s), %d online%n", devices.size(), devices.stream().filter(DeviceRecord::online).count());
            }
            return 0;
        }
    }
}

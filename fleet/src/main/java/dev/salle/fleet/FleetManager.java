package dev.salle.fleet;

import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigPusher;
import dev.salle.fleet.monitor.FleetMonitor;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutControl;
import dev.salle.fleet.rollout.RolloutRunner;
import dev.salle.fleet.rollout.RolloutStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running fleet manager: the registry and its monitor, and a runner for every unfinished
 * rollout in the database. It looks for new rollouts (made by {@code ./salle fleet rollout create},
 * which writes to the same database) every {@code poll}, and at start resumes the ones a previous
 * run left unfinished. At the same pace it brings online devices to their layered configuration
 * ({@link ConfigPusher}). Owns its threads, monitor and database connections; {@link #close()} ends them.
 */
public final class FleetManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetManager.class);

    private final DeviceRegistry registry;
    private final RolloutStore rollouts;
    private final FleetMonitor monitor;
    private final ConfigLayers layers;
    private final ConfigPusher configPusher;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-rollouts");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, RolloutRunner> runners = new ConcurrentHashMap<>();
    private final Duration tick;

    private FleetManager(DeviceRegistry registry, RolloutStore rollouts, ConfigLayers layers, FleetMonitor monitor, Clock clock,
                         Duration tick) {
        this.registry = registry;
        this.rollouts = rollouts;
        this.layers = layers;
        this.monitor = monitor;
        this.configPusher = new ConfigPusher(layers, registry, monitor, clock);
        this.clock = clock;
        this.tick = tick;
    }

    private volatile UnaryOperator<URI> bundleAddresses = UnaryOperator.identity();

    /**
     * Opens the database, connects to the broker, and starts looking after rollouts.
     *
     * @param brokerUri Paho's form, {@code ssl://host:port}
     */
    public static FleetManager start(String brokerUri, SSLSocketFactory tls, String prefix, String jdbcUrl, String dbUser,
                                     String dbPassword, Clock clock, Duration poll, Duration tick) {
        DeviceRegistry registry = DeviceRegistry.open(jdbcUrl, dbUser, dbPassword);
        RolloutStore rollouts = new RolloutStore(jdbcUrl, dbUser, dbPassword);
        ConfigLayers layers = new ConfigLayers(jdbcUrl, dbUser, dbPassword);
        FleetMonitor monitor = new FleetMonitor(brokerUri, "salle-fleet", tls, prefix, registry, clock);
        try {
            monitor.start();
        } catch (RuntimeException e) {
            layers.close();
            rollouts.close();
            registry.close();
            throw e;
        }
        FleetManager manager = new FleetManager(registry, rollouts, layers, monitor, clock, tick);
        manager.executor.scheduleWithFixedDelay(manager::adoptRollouts, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        long push = Math.min(poll.toMillis(), 500);
        manager.executor.scheduleWithFixedDelay(manager::pushConfiguration, push, push, TimeUnit.MILLISECONDS);
        return manager;
    }

    public DeviceRegistry registry() {
        return registry;
    }

    public RolloutStore rollouts() {
        return rollouts;
    }

    public ConfigLayers layers() {
        return layers;
    }

    /** What the console needs live: recent telemetry and events, and commands with their replies. */
    public dev.salle.fleet.console.FleetLive live() {
        return new dev.salle.fleet.console.FleetLive() {
            @Override
            public dev.salle.fleet.monitor.DeviceActivity activity() {
                return monitor.activity();
            }

            @Override
            public java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.JsonNode> command(String deviceId,
                    String command, com.fasterxml.jackson.databind.node.ObjectNode args) {
                var reply = new java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.JsonNode>();
                var request = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("command", command);
                request.set("args", args);
                try {
                    monitor.sendCommand(deviceId, request.toString(), reply::complete);
                } catch (RuntimeException e) {
                    reply.completeExceptionally(e);
                }
                return reply.orTimeout(COMMAND_REPLY_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        };
    }

    /** How long the console waits for a device's reply to a command. */
    public static final Duration COMMAND_REPLY_WAIT = Duration.ofSeconds(15);

    private void pushConfiguration() {
        try {
            configPusher.tick();
        } catch (RuntimeException e) {
            log.warn("bringing devices to their configuration failed: {}", e.getMessage());
        }
    }

    /**
     * From now on, rollouts hand devices {@code addresses.apply(stored)} instead of the bundle
     * address stored with them (the bundle server moves its own bundles' addresses to where it
     * runs now). Each stored address is mapped once.
     */
    public void bundleAddresses(UnaryOperator<URI> addresses) {
        java.util.Map<URI, URI> mapped = new java.util.concurrent.ConcurrentHashMap<>();
        bundleAddresses = uri -> mapped.computeIfAbsent(uri, addresses);
    }

    private void adoptRollouts() {
        try {
            for (RolloutControl c : rollouts.pendingControls()) {
                RolloutRunner runner = runners.get(c.rolloutId());
                String outcome;
                if (runner != null) {
                    outcome = runner.control(c.action());
                } else if (rollouts.unfinished().stream().anyMatch(r -> r.id().equals(c.rolloutId()))) {
                    continue; // adopted below, carried out on the next pass
                } else {
                    outcome = rollouts.load(c.rolloutId())
                            .map(r -> "unchanged: the rollout is " + r.state() + ", which " + c.action().word() + " does not change")
                            .orElse("refused: there is no rollout '" + c.rolloutId() + "'");
                }
                rollouts.finishControl(c.seq(), outcome, clock.instant());
            }
            for (Rollout stored : rollouts.unfinished()) {
                if (runners.containsKey(stored.id())) {
                    continue;
                }
                URI bundle = rollouts.bundle(stored.id()).orElse(null);
                if (bundle == null) {
                    log.warn("rollout {} has no bundle address; not run", stored.id());
                    continue;
                }
                RolloutRunner runner = new RolloutRunner(stored, () -> bundleAddresses.apply(bundle), monitor, registry, rollouts,
                        clock, executor);
                runners.put(stored.id(), runner);
                runner.start(tick);
                log.info("running rollout {} of {} ({}, wave {}/{})", stored.id(), stored.version(), stored.state(),
                        stored.currentWave() + 1, stored.waves());
            }
        } catch (RuntimeException e) {
            log.warn("looking for rollouts failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        runners.values().forEach(RolloutRunner::close);
        monitor.close();
        layers.close();
        rollouts.close();
        registry.close();
    }
}

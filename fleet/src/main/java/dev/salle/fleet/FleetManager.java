package dev.salle.fleet;

import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigPusher;
import dev.salle.fleet.lease.LeaderLease;
import dev.salle.fleet.lease.Leadership;
import dev.salle.fleet.lease.LeadershipLostException;
import dev.salle.fleet.lease.LeaseSettings;
import dev.salle.fleet.lease.Term;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running fleet manager: the registry and its monitor, and, while it leads, a runner for every
 * unfinished rollout in the database. Several managers may share one database; the one that holds
 * the leader lease ({@link Leadership}) runs the rollouts and pushes configuration, the others
 * keep the registry, the monitor and the console. The leader looks for new rollouts (made by
 * {@code ./salle fleet rollout create}, which writes to the same database) every {@code poll}, and
 * when it starts leading resumes the ones left unfinished. At the same pace it brings online
 * devices to their layered configuration ({@link ConfigPusher}). Owns its threads, monitor and
 * database connections; {@link #close()} ends them and releases the lead.
 */
public final class FleetManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetManager.class);

    private final DeviceRegistry registry;
    private final RolloutStore rollouts;
    private final FleetMonitor monitor;
    private final ConfigLayers layers;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fleet-rollouts").daemon().factory());
    private final ScheduledExecutorService leaseExecutor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fleet-lease").daemon().factory());
    private final Map<String, RolloutRunner> runners = new ConcurrentHashMap<>();
    private final Duration tick;
    private final LeaderLease lease;
    private final Leadership leadership;
    /** The term the runners and the configuration pusher work for; touched on the rollout thread only. */
    private Term working;
    private ConfigPusher configPusher;

    private FleetManager(DeviceRegistry registry, RolloutStore rollouts, ConfigLayers layers, FleetMonitor monitor, Clock clock,
                         Duration tick, LeaderLease lease, String holder, LeaseSettings leaseSettings) {
        this.registry = registry;
        this.rollouts = rollouts;
        this.layers = layers;
        this.monitor = monitor;
        this.clock = clock;
        this.tick = tick;
        this.lease = lease;
        this.leadership = new Leadership(lease, holder, leaseSettings, System::nanoTime, new Leadership.Listener() {
            @Override
            public void leading(Term term) {
                onRolloutThread(FleetManager.this::follow); // the next pass adopts the rollouts for the new term
            }

            @Override
            public void following(Optional<String> leader) {
                onRolloutThread(FleetManager.this::follow);
            }
        });
    }

    private void onRolloutThread(Runnable work) {
        try {
            executor.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the runners are stopped already
        }
    }

    /** A new name for each running manager: its MQTT client id, where its commands' replies come, its name in the lease. */
    static String newManagerId() {
        byte[] b = new byte[4];
        new java.security.SecureRandom().nextBytes(b);
        return "salle-fleet-" + java.util.HexFormat.of().formatHex(b);
    }

    /** The lease holder: the manager's id and, for the operator, the machine it runs on; at most 64 characters. */
    static String holderName(String managerId) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        String name = managerId + "@" + host;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private volatile UnaryOperator<URI> bundleAddresses = UnaryOperator.identity();

    /**
     * Opens the database, connects to the broker, and starts looking after rollouts.
     *
     * @param brokerUri Paho's form, {@code ssl://host:port}
     */
    public static FleetManager start(String brokerUri, SSLSocketFactory tls, String prefix, String jdbcUrl, String dbUser,
                                     String dbPassword, Clock clock, Duration poll, Duration tick) {
        return start(brokerUri, tls, prefix, jdbcUrl, dbUser, dbPassword, clock, poll, tick, LeaseSettings.DEFAULT);
    }

    /**
     * As above, with the leader lease's length and renewal period.
     *
     * @param brokerUri Paho's form, {@code ssl://host:port}
     */
    public static FleetManager start(String brokerUri, SSLSocketFactory tls, String prefix, String jdbcUrl, String dbUser,
                                     String dbPassword, Clock clock, Duration poll, Duration tick, LeaseSettings leaseSettings) {
        String managerId = newManagerId();
        DeviceRegistry registry = DeviceRegistry.open(jdbcUrl, dbUser, dbPassword);
        RolloutStore rollouts = new RolloutStore(jdbcUrl, dbUser, dbPassword);
        ConfigLayers layers = new ConfigLayers(jdbcUrl, dbUser, dbPassword);
        LeaderLease lease = LeaderLease.open(jdbcUrl, dbUser, dbPassword);
        FleetMonitor monitor = new FleetMonitor(brokerUri, managerId, tls, prefix, registry, clock);
        try {
            monitor.start();
        } catch (RuntimeException e) {
            lease.close();
            layers.close();
            rollouts.close();
            registry.close();
            throw e;
        }
        FleetManager manager = new FleetManager(registry, rollouts, layers, monitor, clock, tick, lease, holderName(managerId),
                leaseSettings);
        manager.leadership.start(manager.leaseExecutor);
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
            public Optional<Leadership.Status> leadership() {
                return Optional.of(leadership.status());
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

    /** Who leads, as this manager sees it. */
    public Leadership.Status leadership() {
        return leadership.status();
    }

    /**
     * Brings the runners and the configuration pusher in line with the lead, on the rollout
     * thread: while this manager leads for a term, they work for it; when the term is over (or
     * another began) they stop, and the next pass starts them again from the database if it leads.
     *
     * @return the term to work for, or empty when this manager does not lead
     */
    private Optional<Term> follow() {
        Optional<Term> now = leadership.current();
        if (working != null && !now.equals(Optional.of(working))) {
            runners.values().forEach(RolloutRunner::close);
            runners.clear();
            configPusher = null;
            working = null;
        }
        if (now.isPresent() && working == null) {
            working = now.get();
            configPusher = new ConfigPusher(layers, registry, monitor, clock);
        }
        return now;
    }

    private void pushConfiguration() {
        try {
            if (follow().isEmpty()) {
                return;
            }
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
            Optional<Term> term = follow();
            if (term.isEmpty()) {
                return;
            }
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
                rollouts.finishControl(c.seq(), outcome, clock.instant(), term);
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
                        clock, executor, term, leadership::current);
                runners.put(stored.id(), runner);
                runner.start(tick);
                log.info("running rollout {} of {} ({}, wave {}/{})", stored.id(), stored.version(), stored.state(),
                        stored.currentWave() + 1, stored.waves());
            }
        } catch (LeadershipLostException e) {
            log.info("rollouts are left to the next leader: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("looking for rollouts failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        runners.values().forEach(RolloutRunner::close);
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS); // a step under way ends before the lead is released
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leaseExecutor.shutdownNow();
        leadership.close();
        lease.close();
        monitor.close();
        layers.close();
        rollouts.close();
        registry.close();
    }
}

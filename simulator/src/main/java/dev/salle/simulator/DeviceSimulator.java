package dev.salle.simulator;

import dev.salle.device.fleet.FleetAgent;
import dev.salle.device.fleet.FleetConfig;
import dev.salle.device.fleet.FleetTls;
import dev.salle.device.fleet.PahoFleetLink;
import dev.salle.device.fleet.ReconnectBackoff;
import dev.salle.provisioning.ca.CsrRejectedException;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Many simulated rooms in one JVM, each with its own key, its own certificate from the device CA,
 * its own MQTT connection and the device's real fleet agent ({@code FleetAgent} over
 * {@code PahoFleetLink}), speaking the real protocol. For tests and benchmarks only; not part of
 * the device image. Paho's reader, writer and callback loops run on virtual threads, so ten
 * thousand connections fit in one JVM. Some rooms can be told to fail their health check after an
 * update ({@link Settings#failingShare()}), to report a broken part ({@link Settings#unhealthyShare()},
 * camera, microphone, display and network link in turn) or to sit in a call of poor quality
 * ({@link Settings#poorCallShare()}); a long {@link Settings#stepDelay()} is a slow download. While
 * it runs, any room can go offline, break a part or mend it, and fall into a poor call.
 */
public final class DeviceSimulator implements AutoCloseable {

    /**
     * @param broker {@code mqtts://host:port}
     * @param count how many rooms
     * @param idPrefix device ids are the prefix and a 5-digit number
     * @param sites rooms are spread over this many sites ({@code Site 1} …)
     * @param version the version every room runs at first
     * @param telemetry each room's telemetry interval
     * @param failingShare the share of rooms (0-1) whose updates fail the health check
     * @param stepDelay how long each simulated update step takes
     * @param connectsPerSecond how fast rooms are started (the rest wait their turn)
     * @param unhealthyShare the share of rooms (0-1) that report a broken part from the start
     * @param poorCallShare the share of rooms (0-1) that start in a call of poor quality
     */
    public record Settings(String broker, int count, String idPrefix, int sites, String version, Duration telemetry,
                           double failingShare, Duration stepDelay, int connectsPerSecond, double unhealthyShare,
                           double poorCallShare) {
        public Settings {
            if (count < 1 || count > 100_000) {
                throw new IllegalArgumentException("the simulator runs 1-100000 rooms, not " + count);
            }
            if (sites < 1 || !share(failingShare) || !share(unhealthyShare) || !share(poorCallShare) || connectsPerSecond < 1) {
                throw new IllegalArgumentException(
                        "sites must be at least 1, the failing, unhealthy and poor-call shares 0-1, the connect rate positive");
            }
        }

        /** Healthy rooms, apart from the share whose updates fail their health check. */
        public Settings(String broker, int count, String idPrefix, int sites, String version, Duration telemetry,
                        double failingShare, Duration stepDelay, int connectsPerSecond) {
            this(broker, count, idPrefix, sites, version, telemetry, failingShare, stepDelay, connectsPerSecond, 0, 0);
        }

        private static boolean share(double s) {
            return s >= 0 && s <= 1; // false for NaN too
        }
    }

    private final Settings settings;
    private final List<SimulatedRoom> rooms = new ArrayList<>();
    private final List<FleetAgent> agents = new ArrayList<>();
    private final List<PahoFleetLink> links = new ArrayList<>();
    // the agents' and links' work blocks on acknowledgements (a publish waits for its PUBACK): many
    // virtual threads, so one slow room does not hold up the others
    private final ScheduledExecutorService agentThreads = new ScheduledThreadPoolExecutor(64, Thread.ofVirtual().name("sim-agent-", 0).factory());
    private final ScheduledExecutorService linkThreads = new ScheduledThreadPoolExecutor(64, Thread.ofVirtual().name("sim-link-", 0).factory());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("sim-timers"));
    private final ScheduledThreadPoolExecutor pahoThreads;
    private final AtomicLong configured = new AtomicLong();
    /** Rooms started but not connected yet, at most, while {@link #connectAll} runs. */
    static final int MAX_CONNECTING = 64;

    private DeviceSimulator(Settings settings) {
        this.settings = settings;
        // Paho runs three long loops per connection and its ping timer on this executor: one
        // virtual thread each, created on demand
        this.pahoThreads = new ScheduledThreadPoolExecutor(4 * settings.count() + 16, Thread.ofVirtual().name("sim-paho-", 0).factory());
    }

    /**
     * Makes every room's key and certificate (the CA checks each one's request, as at enrolment)
     * and its fleet agent, without connecting any.
     *
     * @param progress told how many rooms are ready so far
     */
    public static DeviceSimulator prepare(Settings settings, DeviceCa ca, X509Certificate brokerCa, Clock clock,
                                          IntConsumer progress) {
        DeviceSimulator sim = new DeviceSimulator(settings);
        java.time.Instant since = clock.instant();
        for (int i = 0; i < settings.count(); i++) {
            String id = settings.idPrefix() + "%05d".formatted(i);
            SimulatedRoom room = new SimulatedRoom(id, "Salle " + i, "Site " + (1 + i % settings.sites()), settings.version(),
                    behaviour(i, settings), sim.timers, since,
                    done -> sim.configured.incrementAndGet());
            FleetTls tls = identity(ca, brokerCa, id);
            FleetConfig config = FleetConfig.of(settings.broker(), id).withTelemetryInterval(settings.telemetry());
            PahoFleetLink link = new PahoFleetLink(config, Optional.of(tls), sim.linkThreads,
                    ReconnectBackoff.standard(new Random(i)), Optional.of(sim.pahoThreads));
            FleetAgent agent = new FleetAgent(config, link, room, room, clock, sim.agentThreads);
            room.attach(agent);
            sim.rooms.add(room);
            sim.links.add(link);
            sim.agents.add(agent);
            if ((i + 1) % 1000 == 0 || i + 1 == settings.count()) {
                progress.accept(i + 1);
            }
        }
        return sim;
    }

    /** Prepares and starts them: {@link #prepare} then {@link #connectAll}. */
    public static DeviceSimulator start(Settings settings, DeviceCa ca, X509Certificate brokerCa, Clock clock,
                                        IntConsumer progress) {
        DeviceSimulator sim = prepare(settings, ca, brokerCa, clock, n -> { });
        sim.connectAll(progress);
        return sim;
    }

    /**
     * Starts every room's agent at the configured rate; returns once all are started (connecting
     * goes on).
     *
     * @param progress told how many rooms are started so far
     */
    public void connectAll(IntConsumer progress) {
        long pauseNanos = 1_000_000_000L / settings.connectsPerSecond();
        long next = System.nanoTime();
        int connectedSeen = 0;
        for (int i = 0; i < agents.size(); i++) {
            next += pauseNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            // at most MAX_CONNECTING handshakes at once: a storm of them on a small machine
            // outlasts the broker's wait for CONNECT and every attempt fails (bench/fleet-scale.sh)
            for (int spins = 0; i - connectedSeen >= MAX_CONNECTING && spins < 3000; spins++) {
                connectedSeen = connected();
                if (i - connectedSeen >= MAX_CONNECTING) {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                }
            }
            agents.get(i).start();
            if ((i + 1) % 500 == 0 || i + 1 == agents.size()) {
                progress.accept(i + 1);
            }
        }
    }

    /** Every room's id. */
    public List<String> ids() {
        return rooms.stream().map(SimulatedRoom::id).toList();
    }

    /**
     * Room {@code i}'s behaviour. The broken parts take turns (the n-th unhealthy room breaks part
     * n mod 4); the poor calls are counted from the other end of the list, so small shares of
     * each fall on different rooms.
     */
    static Behaviour behaviour(int i, Settings s) {
        Optional<Behaviour.Part> broken = Optional.empty();
        if (failing(i, s.unhealthyShare())) {
            int nth = (int) Math.floor((i + 1) * s.unhealthyShare()) - 1;
            broken = Optional.of(Behaviour.Part.values()[nth % Behaviour.Part.values().length]);
        }
        boolean poor = failing(s.count() - 1 - i, s.poorCallShare());
        return new Behaviour(failing(i, s.failingShare()), s.stepDelay(), broken, poor);
    }

    /** Spreads the failing rooms evenly: room i fails when the running count of failures steps up at it. */
    static boolean failing(int i, double share) {
        return Math.floor((i + 1) * share) > Math.floor(i * share);
    }

    private static FleetTls identity(DeviceCa ca, X509Certificate brokerCa, String id) {
        KeyPair pair = DeviceKeys.generate();
        try {
            X509Certificate cert = ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), id);
            return new FleetTls(pair.getPrivate(), List.of(cert, ca.certificate()), brokerCa);
        } catch (CsrRejectedException e) {
            throw new IllegalStateException("the CA refused simulated room " + id + ": " + e.getMessage(), e);
        }
    }

    /** How many rooms have a connection to the broker now. */
    public int connected() {
        int n = 0;
        for (PahoFleetLink l : links) {
            if (l.isConnected()) {
                n++;
            }
        }
        return n;
    }

    /** How many {@code set-config} requests the rooms have accepted in all. */
    public long configured() {
        return configured.get();
    }

    /** How many rooms run {@code version}. */
    public long running(String version) {
        return rooms.stream().filter(r -> r.version().equals(version)).count();
    }

    public int size() {
        return rooms.size();
    }

    /** The id of room {@code i}. */
    public String id(int i) {
        return rooms.get(i).id();
    }

    /** Room {@code i} reports {@code part} broken from its next telemetry on; an empty part mends it. */
    public void breakPart(int i, Optional<Behaviour.Part> part) {
        rooms.get(i).breakPart(part);
    }

    /** Room {@code i} enters a call of poor quality ({@code true}), or its call becomes good again. */
    public void poorCall(int i, boolean poor) {
        rooms.get(i).poorCall(poor);
    }

    /** How many rooms are in a call now. */
    public long inCall() {
        return rooms.stream().filter(r -> "in_call".equals(r.call())).count();
    }

    /** Disconnects room {@code i} cleanly (it says so in its state). */
    public void goOffline(int i) {
        agents.get(i).close();
    }

    @Override
    public void close() {
        // each agent says goodbye and waits for the broker: in parallel, or thousands take minutes
        try (var closing = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            agents.forEach(a -> closing.execute(a::close));
        }
        agentThreads.shutdownNow();
        linkThreads.shutdownNow();
        timers.shutdownNow();
        pahoThreads.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

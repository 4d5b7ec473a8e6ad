package dev.salle.device.fleet;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's fleet policy: retained online/offline state, periodic telemetry with a bounded
 * offline outbox, events, and MQTT 5 request/response commands (see {@code docs/fleet-protocol.md}).
 *
 * <p>Threading: all work runs on the given executor (use a single-threaded one): link callbacks,
 * telemetry ticks, command dispatch and {@link #publishState()} are handed to it, so the agent's
 * state needs no locks. {@link #start()}, {@link #publishState()}, {@link #publishEvent} and
 * {@link #close()} may be called from any thread. The agent owns the link (closes it) but not
 * the executor.
 */
public final class FleetAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetAgent.class);
    static final long TELEMETRY_EXPIRY_SECONDS = 3600;
    /** Requests waiting for the executor beyond this are dropped and counted as {@code busy}. */
    static final int MAX_PENDING_COMMANDS = 32;

    private final FleetConfig config;
    private final FleetTopics topics;
    private final FleetLink link;
    private final DeviceReport report;
    private final ScheduledExecutorService executor;
    private final FleetPayloads payloads;
    private final CommandCounters counters = new CommandCounters();
    private final CommandDispatcher dispatcher;
    private final TelemetryOutbox outbox;
    private final AtomicLong telemetrySeq = new AtomicLong();
    private final AtomicInteger pendingCommands = new AtomicInteger();
    private final Object stateLock = new Object();
    private volatile boolean closed;
    private volatile long outboxDropped;
    private ScheduledFuture<?> telemetryTask;

    /**
     * @param config validated settings
     * @param link the transport; owned by the agent from now on
     * @param report supplies state and telemetry
     * @param commands carries out fleet commands
     * @param clock time for payload timestamps
     * @param executor runs every piece of agent work; not shut down by the agent
     */
    public FleetAgent(FleetConfig config, FleetLink link, DeviceReport report, DeviceCommands commands,
            Clock clock, ScheduledExecutorService executor) {
        this(config, link, report, commands, DeviceDiagnostics.NONE, clock, executor);
    }

    /**
     * As {@link #FleetAgent(FleetConfig, FleetLink, DeviceReport, DeviceCommands, Clock, ScheduledExecutorService)},
     * with the screen and log lines that {@code snapshot} and {@code collect-logs} read.
     */
    public FleetAgent(FleetConfig config, FleetLink link, DeviceReport report, DeviceCommands commands,
            DeviceDiagnostics diagnostics, Clock clock, ScheduledExecutorService executor) {
        this.config = Objects.requireNonNull(config, "config");
        this.topics = config.topics();
        this.link = Objects.requireNonNull(link, "link");
        this.report = Objects.requireNonNull(report, "report");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.payloads = new FleetPayloads(Objects.requireNonNull(clock, "clock"));
        this.dispatcher = new CommandDispatcher(topics, link, Objects.requireNonNull(commands, "commands"),
                Objects.requireNonNull(diagnostics, "diagnostics"), counters, payloads, clock);
        this.outbox = new TelemetryOutbox(config.outboxCapacity());
    }

    /** Starts connecting and the telemetry schedule. Call once. */
    public void start() {
        OutboundMessage will = OutboundMessage.of(topics.state(),
                payloads.offline(report.state(), "lost", false), true, 0);
        link.start(will, new LinkListener());
        long periodMillis = config.telemetryInterval().toMillis();
        telemetryTask = executor.scheduleAtFixedRate(this::telemetryTick, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes the current state (retained) now; call on every call-state change. Once the agent
     * is closed (the device shutting down, a call ending on the way) it does nothing.
     */
    public void publishState() {
        later("state", this::publishOnlineState);
    }

    /** Publishes a notable event (not buffered while offline); nothing once the agent is closed. */
    public void publishEvent(String type, Map<String, Object> details) {
        Map<String, Object> copy = Map.copyOf(details);
        later("event " + type, () -> sendEvent(type, copy));
    }

    private void later(String what, Runnable task) {
        if (closed) {
            log.debug("fleet agent closed: {} not published", what);
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("fleet agent's scheduler stopped: {} not published", what);
        }
    }

    /** Command counters, for telemetry and tests. */
    public CommandCounters counters() {
        return counters;
    }

    /** How many telemetry messages the outbox dropped (oldest first) while offline. */
    public long outboxDropped() {
        return outboxDropped;
    }

    /** Publishes the retained offline state, disconnects normally and stops telemetry. Idempotent. */
    @Override
    public void close() {
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (telemetryTask != null) {
                telemetryTask.cancel(false);
            }
            if (link.isConnected()) {
                try {
                    link.publish(OutboundMessage.of(topics.state(),
                            payloads.offline(report.state(), "shutdown", true), true, 0));
                } catch (FleetLinkException | RuntimeException e) {
                    log.warn("Could not publish the offline state on shutdown ({}); the broker keeps the will",
                            e.getMessage());
                }
            }
        }
        try {
            link.close();
        } catch (RejectedExecutionException e) {
            log.debug("Link closed after its scheduler stopped: {}", e.getMessage());
        }
    }

    private void onConnected(long reconnects) {
        if (closed) {
            return;
        }
        try {
            link.subscribe(topics.commands(), 1);
        } catch (FleetLinkException e) {
            log.warn("Could not subscribe to commands: {}; commands stay unanswered until the next connection",
                    e.getMessage());
        }
        publishOnlineState();
        flushOutbox();
        sendEvent("connected", Map.of("reconnects", reconnects));
    }

    private void publishOnlineState() {
        synchronized (stateLock) {
            if (closed || !link.isConnected()) {
                return;
            }
            try {
                link.publish(OutboundMessage.of(topics.state(), payloads.online(report.state()), true, 0));
            } catch (FleetLinkException | RuntimeException e) {
                log.warn("Could not publish the online state: {}; it is sent again on reconnect", e.getMessage());
            }
        }
    }

    private void telemetryTick() {
        try {
            if (closed) {
                return;
            }
            Map<String, Object> fields;
            try {
                fields = report.telemetry();
            } catch (RuntimeException e) {
                log.warn("Device telemetry could not be read; sending counters only", e);
                fields = Map.of();
            }
            byte[] payload = payloads.telemetry(telemetrySeq.incrementAndGet(), fields, fleetCounters());
            outbox.add(OutboundMessage.of(topics.telemetry(), payload, false, TELEMETRY_EXPIRY_SECONDS));
            outboxDropped = outbox.dropped();
            flushOutbox();
        } catch (RuntimeException e) {
            log.warn("Telemetry tick failed; the next one runs as scheduled", e);
        }
    }

    /** Sends queued telemetry oldest first; stops at the first failure, keeping the rest. */
    private void flushOutbox() {
        int bound = outbox.size();
        for (int i = 0; i < bound && !outbox.isEmpty() && link.isConnected(); i++) {
            try {
                link.publish(outbox.peek().orElseThrow());
                outbox.removeFirst();
            } catch (FleetLinkException e) {
                log.debug("Telemetry stays in the outbox: {}", e.getMessage());
                return;
            }
        }
    }

    private void sendEvent(String type, Map<String, Object> details) {
        if (closed || !link.isConnected()) {
            return;
        }
        try {
            link.publish(OutboundMessage.of(topics.events(), payloads.event(type, details), false,
                    TELEMETRY_EXPIRY_SECONDS));
        } catch (FleetLinkException | RuntimeException e) {
            log.debug("Event {} not sent: {}", type, e.getMessage());
        }
    }

    private Map<String, Object> fleetCounters() {
        Map<String, Object> fleet = new LinkedHashMap<>();
        fleet.put("commandsReceived", counters.receivedCount());
        fleet.put("commandsRejected", counters.rejectedByReason());
        fleet.put("commandsFailed", counters.failedCount());
        fleet.put("outboxDropped", outbox.dropped());
        return fleet;
    }

    private final class LinkListener implements FleetLink.Listener {
        @Override
        public void connected(long reconnects) {
            executor.execute(() -> onConnected(reconnects));
        }

        @Override
        public void connectionLost(String reason) {
            log.warn("Lost the fleet broker {}: {}; telemetry goes to the outbox", config.brokerUri(), reason);
        }

        @Override
        public void messageArrived(InboundMessage message) {
            if (pendingCommands.incrementAndGet() > MAX_PENDING_COMMANDS) {
                pendingCommands.decrementAndGet();
                counters.received();
                counters.rejected("busy");
                log.debug("Dropped a command on {}: {} requests already waiting", message.topic(), MAX_PENDING_COMMANDS);
                return;
            }
            try {
                executor.execute(() -> {
                    pendingCommands.decrementAndGet();
                    if (!closed) {
                        dispatcher.handle(message);
                    }
                });
            } catch (RejectedExecutionException e) {
                pendingCommands.decrementAndGet();
                log.debug("Command on {} arrived after the agent's executor stopped", message.topic());
            }
        }
    }
}

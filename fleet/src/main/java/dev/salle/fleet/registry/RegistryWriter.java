package dev.salle.fleet.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the monitor hears to the registry in batches, off the MQTT callback thread: the
 * latest state of each device every {@code stateEvery} (one transaction), and "last seen" every
 * {@code seenEvery}. One write per message does not keep up with a large fleet (measured: about
 * 50 states a second on the embedded H2 file, while 10,000 rooms send 330 telemetry messages a
 * second; docs/benchmarks.md). Only the latest state of a device between two flushes is written,
 * which is the one that counts. Each device's latest telemetry (its health report) is written at the
 * same pace as "last seen": 10,000 rooms reporting every 30 s make one transaction of about 1,700
 * rows every 5 s. {@link #close()} flushes what is pending.
 */
public final class RegistryWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryWriter.class);

    private final DeviceRegistry registry;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-registry-writer");
        t.setDaemon(true);
        return t;
    });
    private Map<String, DeviceRegistry.StateAt> states = new LinkedHashMap<>();
    private Map<String, Instant> seen = new HashMap<>();
    private Map<String, DeviceRegistry.HealthAt> health = new HashMap<>();

    public RegistryWriter(DeviceRegistry registry, Duration stateEvery, Duration seenEvery) {
        this.registry = registry;
        flusher.scheduleWithFixedDelay(this::flushStates, stateEvery.toMillis(), stateEvery.toMillis(), TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(this::flushSeen, seenEvery.toMillis(), seenEvery.toMillis(), TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(this::flushHealth, seenEvery.toMillis(), seenEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A device's telemetry (its health report, JSON text): the latest of each device is written at the next flush. */
    public synchronized void health(String id, String report, Instant at) {
        health.put(id, new DeviceRegistry.HealthAt(id, report, at));
    }

    /** A device's state message: written at the next flush, unless a later one replaces it first. */
    public synchronized void state(String id, StateMessage state, Instant at) {
        states.put(id, new DeviceRegistry.StateAt(id, state, at));
    }

    /** A device was heard from (telemetry, an event). */
    public synchronized void seen(String id, Instant at) {
        seen.merge(id, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes everything pending now. */
    public void flush() {
        flushStates();
        flushSeen();
        flushHealth();
    }

    private void flushHealth() {
        Map<String, DeviceRegistry.HealthAt> batch;
        synchronized (this) {
            if (health.isEmpty()) {
                return;
            }
            batch = health;
            health = new HashMap<>();
        }
        try {
            registry.recordHealth(batch.values());
        } catch (RuntimeException e) {
            log.warn("{} devices' health reports not recorded: {}", batch.size(), e.getMessage());
        }
    }

    private void flushStates() {
        Map<String, DeviceRegistry.StateAt> batch;
        synchronized (this) {
            if (states.isEmpty()) {
                return;
            }
            batch = states;
            states = new LinkedHashMap<>();
        }
        try {
            registry.recordStates(batch.values());
        } catch (RuntimeException e) {
            log.warn("{} device states not recorded: {}", batch.size(), e.getMessage());
        }
    }

    private void flushSeen() {
        Map<String, Instant> batch;
        synchronized (this) {
            if (seen.isEmpty()) {
                return;
            }
            batch = seen;
            seen = new HashMap<>();
        }
        try {
            registry.seenAll(batch);
        } catch (RuntimeException e) {
            log.warn("{} devices' last-seen times not recorded: {}", batch.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}

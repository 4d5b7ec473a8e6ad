package dev.salle.simulator;

import dev.salle.device.fleet.CommandResult;
import dev.salle.device.fleet.DeviceCommands;
import dev.salle.device.fleet.DeviceReport;
import dev.salle.device.fleet.DeviceState;
import dev.salle.device.fleet.FleetAgent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One simulated room behind the device's real fleet agent: it reports a state and the telemetry
 * a healthy wired room sends (its parts present, its link up), keeps the configuration the fleet sets, and answers {@code update} by walking the
 * update steps a real device publishes ({@code docs/fleet-protocol.md}) without fetching anything,
 * ending {@code healthy} on the new version or, when told to fail, {@code rolled-back}.
 */
final class SimulatedRoom implements DeviceReport, DeviceCommands {

    private static final List<String> STEPS = List.of("downloading", "verifying", "installing", "rebooting");
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("/([0-9]+\\.[0-9]+\\.[0-9]+)[^/]*$");

    /** The link a wired room reports (the device's {@code NetworkTelemetry} fields). */
    private static final Map<String, Object> WIRED = Map.of("defaultRoute", true, "interface", "eth0", "kind", "ethernet",
            "up", true, "speedMbps", 1000, "rxErrors", 0, "txErrors", 0, "rxDropped", 0);

    private final String id;
    private final String room;
    private final String site;
    private final Behaviour behaviour;
    private final ScheduledExecutorService timers;
    private final Instant since;
    private final Map<String, String> config = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong configChanges = new AtomicLong();
    private volatile String version;
    private volatile FleetAgent agent;
    private volatile boolean updating;
    private final Consumer<String> onConfigured;

    SimulatedRoom(String id, String room, String site, String version, Behaviour behaviour, ScheduledExecutorService timers,
                  Instant since, Consumer<String> onConfigured) {
        this.id = id;
        this.room = room;
        this.site = site;
        this.version = version;
        this.behaviour = behaviour;
        this.timers = timers;
        this.since = since;
        this.onConfigured = onConfigured;
    }

    void attach(FleetAgent fleetAgent) {
        this.agent = fleetAgent;
    }

    String id() {
        return id;
    }

    String version() {
        return version;
    }

    long configChanges() {
        return configChanges.get();
    }

    Map<String, String> configValues() {
        return Map.copyOf(config);
    }

    @Override
    public DeviceState state() {
        return new DeviceState(version, room, site, "idle", since);
    }

    /** What a healthy wired room reports: the parts the fleet's health reads, and its link. */
    @Override
    public Map<String, Object> telemetry() {
        return Map.of("simulated", true, "cpu", 0.07, "camera", true, "microphone", true, "display", true,
                "network", WIRED);
    }

    @Override
    public void identify(Duration duration) {
    }

    @Override
    public void restart() {
    }

    @Override
    public void factoryReset() {
    }

    /** The version is read from the bundle's file name ({@code …/1.5.0.bundle}); nothing is downloaded. */
    @Override
    public CommandResult update(URI url) {
        java.util.regex.Matcher m = VERSION.matcher(url.getPath());
        if (!m.find()) {
            return CommandResult.invalidArgument("url", "the simulator reads the version from the bundle's name, e.g. …/1.5.0.bundle");
        }
        if (updating) {
            return CommandResult.failed(dev.salle.device.fleet.CommandError.BUSY, "an update is under way");
        }
        updating = true;
        String target = m.group(1);
        step(0, target);
        return CommandResult.ok(Map.of("accepted", true));
    }

    private void step(int i, String target) {
        timers.schedule(() -> {
            FleetAgent a = agent;
            if (i < STEPS.size()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("step", STEPS.get(i));
                if (i == 0) {
                    details.put("percent", 100);
                }
                a.publishEvent("update", details);
                step(i + 1, target);
                return;
            }
            updating = false;
            if (behaviour.failHealthCheck()) {
                a.publishEvent("update", Map.of("step", "rolled-back", "code", "health-check-failed", "version", version));
            } else {
                version = target;
                a.publishState();
                a.publishEvent("update", Map.of("step", "healthy", "version", target));
            }
        }, behaviour.stepDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CommandResult join(Optional<String> meetingUrl) {
        return CommandResult.ok();
    }

    @Override
    public CommandResult leave() {
        return CommandResult.ok();
    }

    @Override
    public Map<String, Object> config() {
        return Map.copyOf(config);
    }

    @Override
    public CommandResult setConfig(Map<String, Object> changes) {
        changes.forEach((k, v) -> config.put(k, String.valueOf(v)));
        configChanges.incrementAndGet();
        onConfigured.accept(id);
        return CommandResult.ok(Map.of("restartRequired", List.of()));
    }
}

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
 * a wired room sends (its parts present, its link up, unless a part is broken on purpose; in a
 * call, the call's quality), keeps the configuration the fleet sets, goes in and out of a call on
 * {@code join} and {@code leave}, and answers {@code update} by walking the update steps a real
 * device publishes ({@code docs/fleet-protocol.md}) without fetching anything: {@code deferred}
 * while in a call, as the device does, then {@code healthy} on the new version or, when told to
 * fail, {@code rolled-back}.
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
    private volatile Optional<Behaviour.Part> broken;
    private volatile boolean poorCall;
    private volatile String call;
    private volatile Instant callSince;
    /** The version an update waits to install while the room is in a call. */
    private volatile String deferred;

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
        this.broken = behaviour.brokenPart();
        this.poorCall = behaviour.poorCall();
        this.call = behaviour.poorCall() ? IN_CALL : IDLE;
        this.callSince = since;
    }

    private static final String IDLE = "idle";
    private static final String IN_CALL = "in_call";
    /** What a call of poor quality reports: loss and a round trip past the device's "poor" marks ({@code CallQuality}). */
    private static final Map<String, Object> POOR_CALL = Map.of("rating", "poor", "rttMs", 620, "sendLossPercent", 12.5,
            "sendJitterMs", 41.0, "receiveLossPercent", 14.0);
    private static final Map<String, Object> GOOD_CALL = Map.of("rating", "good", "rttMs", 18, "sendLossPercent", 0.0,
            "sendJitterMs", 3.0, "receiveLossPercent", 0.1);

    /** Reports {@code part} broken from the next telemetry on, or nothing broken with an empty one. */
    void breakPart(Optional<Behaviour.Part> part) {
        broken = part;
    }

    /** Puts the room in a call of poor quality, or back to a good one (it stays in the call). */
    void poorCall(boolean poor) {
        poorCall = poor;
        if (poor) {
            enterCall();
        }
    }

    String call() {
        return call;
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
        return new DeviceState(version, room, site, call, callSince);
    }

    /**
     * What a wired room reports: the parts the fleet's health reads and its link, with the broken
     * part false (the link down for the network), and in a call, the call's quality.
     */
    @Override
    public Map<String, Object> telemetry() {
        Optional<Behaviour.Part> b = broken;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("simulated", true);
        t.put("cpuPercent", 7.0);
        for (Behaviour.Part part : List.of(Behaviour.Part.CAMERA, Behaviour.Part.MICROPHONE, Behaviour.Part.DISPLAY)) {
            t.put(part.wireName(), b.map(x -> x != part).orElse(true));
        }
        if (b.equals(Optional.of(Behaviour.Part.NETWORK))) {
            Map<String, Object> down = new LinkedHashMap<>(WIRED);
            down.put("up", false);
            down.put("defaultRoute", false);
            t.put("network", down);
        } else {
            t.put("network", WIRED);
        }
        String c = call;
        t.put("call", c);
        if (IN_CALL.equals(c)) {
            t.put("callQuality", poorCall ? POOR_CALL : GOOD_CALL);
        }
        return t;
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
            if (i == STEPS.indexOf("installing") && IN_CALL.equals(call)) {
                // as the device: verified, then it waits for the room to leave its call
                deferred = target;
                a.publishEvent("update", Map.of("step", "deferred", "version", target, "waiting", "the room is in a call"));
                return;
            }
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

    /** Enters a call (no media: the state and the call's quality in telemetry say so). */
    @Override
    public CommandResult join(Optional<String> meetingUrl) {
        if (IN_CALL.equals(call)) {
            return CommandResult.failed(dev.salle.device.fleet.CommandError.BUSY, "the room is already in a call");
        }
        enterCall();
        return CommandResult.ok();
    }

    /** Leaves the call; an update that waited for it goes on. */
    @Override
    public CommandResult leave() {
        if (!IN_CALL.equals(call)) {
            return CommandResult.failed(dev.salle.device.fleet.CommandError.BUSY, "the room is not in a call");
        }
        call = IDLE;
        callSince = Instant.now();
        poorCall = false;
        publishState();
        String waiting = deferred;
        if (waiting != null) {
            deferred = null;
            step(STEPS.indexOf("installing"), waiting);
        }
        return CommandResult.ok();
    }

    private void enterCall() {
        if (!IN_CALL.equals(call)) {
            call = IN_CALL;
            callSince = Instant.now();
            publishState();
        }
    }

    private void publishState() {
        FleetAgent a = agent;
        if (a != null) {
            a.publishState();
        }
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

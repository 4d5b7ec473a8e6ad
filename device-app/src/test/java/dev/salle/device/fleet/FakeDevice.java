package dev.salle.device.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The device app seen by the fleet agent: records every command call, rejects config key "bogus". */
final class FakeDevice implements DeviceReport, DeviceCommands {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Object> config = new LinkedHashMap<>(Map.of("room", "Salle Rhône"));
    private volatile String call = "idle";
    private volatile Map<String, Object> telemetry = Map.of("cpuPercent", 12.5);

    void callState(String newCall) {
        this.call = newCall;
    }

    void telemetry(Map<String, Object> fields) {
        this.telemetry = fields;
    }

    List<String> calls() {
        return new ArrayList<>(calls);
    }

    @Override
    public DeviceState state() {
        return new DeviceState("0.1.0-test", "Salle Rhône", "Lyon", call, Instant.parse("2026-11-22T03:00:00Z"));
    }

    @Override
    public Map<String, Object> telemetry() {
        return telemetry;
    }

    @Override
    public void identify(Duration duration) {
        calls.add("identify " + duration.toSeconds());
    }

    @Override
    public CommandResult update(java.net.URI url) {
        return CommandResult.ok(java.util.Map.of("accepted", true));
    }

    @Override
    public void factoryReset() {
        calls.add("factory-reset");
    }

    @Override
    public void restart() {
        calls.add("restart");
    }

    @Override
    public CommandResult join(Optional<String> meetingUrl) {
        calls.add("join " + meetingUrl.orElse("next"));
        return CommandResult.ok(Map.of("call", "joining"));
    }

    @Override
    public CommandResult leave() {
        calls.add("leave");
        return CommandResult.ok();
    }

    @Override
    public synchronized Map<String, Object> config() {
        calls.add("config");
        return Map.copyOf(config);
    }

    @Override
    public synchronized CommandResult setConfig(Map<String, Object> changes) {
        calls.add("setConfig " + changes.keySet());
        for (String key : changes.keySet()) {
            if (key.equals("bogus")) {
                return CommandResult.invalidArgument(key, "is not a setting of this device");
            }
        }
        config.putAll(changes);
        return CommandResult.ok(Map.of("applied", List.copyOf(changes.keySet())));
    }
}

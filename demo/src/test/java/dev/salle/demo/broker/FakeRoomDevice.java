package dev.salle.demo.broker;

import dev.salle.device.fleet.CommandResult;
import dev.salle.device.fleet.DeviceCommands;
import dev.salle.device.fleet.DeviceReport;
import dev.salle.device.fleet.DeviceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A room device as the fleet agent sees it; records the commands it was asked to run. */
final class FakeRoomDevice implements DeviceReport, DeviceCommands {

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public DeviceState state() {
        return new DeviceState("0.1.0-demo", "Demo room", "Demo site", "idle", Instant.EPOCH);
    }

    @Override
    public Map<String, Object> telemetry() {
        return Map.of("camera", true);
    }

    @Override
    public void identify(Duration duration) {
        calls.add("identify");
    }

    @Override
    public void restart() {
        calls.add("restart");
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
    public CommandResult join(Optional<String> meetingUrl) {
        calls.add("join");
        return CommandResult.ok();
    }

    @Override
    public CommandResult leave() {
        calls.add("leave");
        return CommandResult.ok();
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public CommandResult setConfig(Map<String, Object> changes) {
        calls.add("setConfig");
        return CommandResult.ok();
    }
}

package dev.salle.fleet.monitor;

import dev.salle.device.fleet.CommandResult;
import dev.salle.device.fleet.DeviceCommands;
import dev.salle.device.fleet.DeviceReport;
import dev.salle.device.fleet.DeviceState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What a simulated room reports to the device's real fleet agent: an idle room that accepts commands. */
public final class SimulatedRoom implements DeviceReport, DeviceCommands {

    private final String room;
    private final String site;

    public SimulatedRoom(String room, String site) {
        this.room = room;
        this.site = site;
    }

    @Override
    public DeviceState state() {
        return new DeviceState("0.1.0-sim", room, site, "idle", Instant.parse("2026-11-22T09:00:00Z"));
    }

    @Override
    public Map<String, Object> telemetry() {
        return Map.of("cpuPercent", 3.0);
    }

    @Override
    public void identify(Duration duration) {
    }

    @Override
    public void restart() {
    }

    @Override
    public CommandResult update(java.net.URI url) {
        return CommandResult.ok(java.util.Map.of("accepted", true));
    }

    @Override
    public void factoryReset() {
    }

    @Override
    public CommandResult join(Optional<String> meetingUrl) {
        return CommandResult.ok(Map.of("call", "joining"));
    }

    @Override
    public CommandResult leave() {
        return CommandResult.ok(Map.of("call", "idle"));
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("room", room);
    }

    @Override
    public CommandResult setConfig(Map<String, Object> changes) {
        return CommandResult.ok(Map.of());
    }
}

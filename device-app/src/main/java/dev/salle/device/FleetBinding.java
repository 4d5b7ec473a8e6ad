package dev.salle.device;

import dev.salle.device.call.CallSnapshot;
import dev.salle.device.call.CallStateMachine;
import dev.salle.device.call.CommandOutcome;
import dev.salle.settings.ConfigException;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.CommandError;
import dev.salle.device.fleet.CommandResult;
import dev.salle.device.fleet.DeviceCommands;
import dev.salle.device.fleet.DeviceReport;
import dev.salle.device.fleet.DeviceState;
import dev.salle.device.media.DeviceMedia;
import dev.salle.hw.led.StatusLed;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the fleet agent may ask of this device, and what it reports: the link between the fleet
 * protocol and the device's parts. Thread-safe: every part it calls is.
 */
final class FleetBinding implements DeviceCommands, DeviceReport {

    private final ConfigStore config;
    private final CallStateMachine call;
    private final StatusLed led;
    private final DeviceMedia media;
    private final Supplier<Map<String, Object>> system;
    private final Runnable restart;
    private final Runnable factoryReset;
    private final java.util.function.Function<java.net.URI, CommandResult> update;
    private final String version;
    private final Supplier<Optional<Map<String, Object>>> callQuality;

    /** @param callQuality the meeting's quality figures ({@code CallQuality}), reported while the room is in a call */
    FleetBinding(ConfigStore config, CallStateMachine call, StatusLed led, DeviceMedia media,
                 Supplier<Map<String, Object>> system, Runnable restart, Runnable factoryReset,
                 java.util.function.Function<java.net.URI, CommandResult> update, String version,
                 Supplier<Optional<Map<String, Object>>> callQuality) {
        this.callQuality = callQuality;
        this.config = config;
        this.call = call;
        this.led = led;
        this.media = media;
        this.system = system;
        this.restart = restart;
        this.factoryReset = factoryReset;
        this.update = update;
        this.version = version;
    }

    @Override
    public DeviceState state() {
        DeviceConfig c = config.current();
        CallSnapshot s = call.snapshot();
        return new DeviceState(version, c.identity().room(), c.identity().site(), s.state().wireName(), s.since());
    }

    @Override
    public Map<String, Object> telemetry() {
        Map<String, Object> t = new LinkedHashMap<>(system.get());
        t.putAll(media.health());
        t.put("mediaElements", media.elements());
        CallSnapshot s = call.snapshot();
        t.put("call", s.state().wireName());
        t.put("muted", s.muted());
        t.put("cameraOff", s.cameraOff());
        if (!s.message().isEmpty()) {
            t.put("callMessage", s.message());
        }
        if (s.state() == dev.salle.device.call.CallState.IN_CALL) {
            callQuality.get().ifPresent(q -> t.put("callQuality", q));
        }
        return t;
    }

    @Override
    public void identify(Duration duration) {
        led.identify(duration);
    }

    @Override
    public void restart() {
        restart.run();
    }

    @Override
    public void factoryReset() {
        factoryReset.run();
    }

    @Override
    public CommandResult update(java.net.URI url) {
        return update.apply(url);
    }

    @Override
    public CommandResult join(Optional<String> meetingUrl) {
        if (meetingUrl.isPresent()) {
            try {
                config.current().values().withFleetChanges(Map.of("call.meeting", meetingUrl.get()));
            } catch (ConfigException e) {
                return CommandResult.invalidArgument("meeting", e.getMessage());
            }
        }
        return outcome(call.join(meetingUrl, "fleet"));
    }

    @Override
    public CommandResult leave() {
        return outcome(call.leave("fleet"));
    }

    @Override
    public Map<String, Object> config() {
        return Map.copyOf(config.current().values().describe());
    }

    @Override
    public CommandResult setConfig(Map<String, Object> changes) {
        Map<String, String> text = new LinkedHashMap<>();
        for (var e : changes.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                return CommandResult.invalidArgument(e.getKey(), "the value must be a string, a number or a boolean");
            }
            text.put(e.getKey(), String.valueOf(v));
        }
        try {
            List<String> restartNeeded = config.applyFleetChanges(text);
            return CommandResult.ok(Map.of("applied", List.copyOf(text.keySet()), "restartRequired", restartNeeded));
        } catch (ConfigException e) {
            return CommandResult.invalidArgument(e.key(), e.getMessage());
        } catch (IOException e) {
            return CommandResult.failed(CommandError.FAILED, "the config file could not be written (" + e.getMessage()
                    + "); nothing was changed; check the data partition");
        }
    }

    private static CommandResult outcome(CommandOutcome o) {
        return o.accepted() ? CommandResult.ok(Map.of("message", o.message())) : CommandResult.failed(CommandError.BUSY, o.message());
    }
}

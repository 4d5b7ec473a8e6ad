package dev.salle.device;

import dev.salle.device.call.CallSnapshot;
import dev.salle.device.call.CallStateMachine;
import dev.salle.device.call.CommandOutcome;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.media.DeviceMedia;
import dev.salle.device.page.ControlPin;
import dev.salle.device.page.DevicePageModel;
import dev.salle.device.status.ScreenText;
import dev.salle.device.status.StateLog;
import dev.salle.hw.led.LedState;
import dev.salle.hw.led.StatusLed;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the device page shows of this device, what its buttons press, and what the control API
 * drives: the call state machine, with the cause {@value #API_CAUSE}.
 */
final class DevicePage implements DevicePageModel {

    static final String API_CAUSE = "api";

    private final Supplier<DeviceConfig> config;
    private final CallStateMachine call;
    private final StatusLed led;
    private final DeviceMedia media;
    private final StateLog log;
    private final BooleanSupplier fleetConnected;
    private final BooleanSupplier buttonPressed;
    private final Runnable press;
    private final Runnable longPress;
    private final String version;

    private final Supplier<Map<String, Object>> meetingStats;

    DevicePage(Supplier<DeviceConfig> config, CallStateMachine call, StatusLed led, DeviceMedia media, StateLog log,
               BooleanSupplier fleetConnected, BooleanSupplier buttonPressed, Runnable press, Runnable longPress, String version,
               Supplier<Map<String, Object>> meetingStats) {
        this.meetingStats = meetingStats;
        this.config = config;
        this.call = call;
        this.led = led;
        this.media = media;
        this.log = log;
        this.fleetConnected = fleetConnected;
        this.buttonPressed = buttonPressed;
        this.press = press;
        this.longPress = longPress;
        this.version = version;
    }

    @Override
    public Optional<byte[]> screenSnapshotJpeg() {
        return media.screenSnapshotJpeg();
    }

    @Override
    public Map<String, Object> state() {
        DeviceConfig c = config.get();
        CallSnapshot s = call.snapshot();
        LedState l = led.identifying() ? LedState.IDENTIFY : led.current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", Map.of("id", c.identity().deviceId(), "room", c.identity().room(), "site", c.identity().site(),
                "version", version));
        Map<String, Object> callMap = new LinkedHashMap<>();
        callMap.put("state", s.state().wireName());
        callMap.put("label", ScreenText.label(s));
        callMap.put("muted", s.muted());
        callMap.put("cameraOff", s.cameraOff());
        callMap.put("meeting", s.meeting());
        callMap.put("message", s.message());
        callMap.put("since", s.since().toString());
        callMap.put("cause", s.cause());
        out.put("call", callMap);
        out.put("button", Map.of("pressed", buttonPressed.getAsBoolean()));
        out.put("led", Map.of("state", l.name(), "color", l.colour().hex(), "pattern", cssPattern(l)));
        out.put("screen", Map.of("overlay", media.overlayText()));
        out.put("health", media.health());
        out.put("meeting", meetingStats.get());
        boolean connected = fleetConnected.getAsBoolean();
        out.put("fleet", Map.of("connected", connected, "status", !c.fleet().enabled() ? "off" : connected ? "connected" : "connecting"));
        out.put("events", log.asMaps());
        out.put("media", media.elements());
        return out;
    }

    private static String cssPattern(LedState l) {
        return l.pattern().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public void pressButton() {
        press.run();
    }

    @Override
    public void longPressButton() {
        longPress.run();
    }

    @Override
    public CommandOutcome join(Optional<String> meeting) {
        return call.join(meeting, API_CAUSE);
    }

    @Override
    public CommandOutcome leave() {
        return call.leave(API_CAUSE);
    }

    @Override
    public CommandOutcome setMicrophoneMuted(Optional<Boolean> muted) {
        return call.setMicrophoneMuted(muted, API_CAUSE);
    }

    @Override
    public CommandOutcome setCameraOff(Optional<Boolean> off) {
        return call.setCameraOff(off, API_CAUSE);
    }

    @Override
    public ControlPin controlPin() {
        return ControlPin.of(config.get().page().pin());
    }
}

package dev.salle.device.page;

import dev.salle.device.call.CallSnapshot;
import dev.salle.device.call.CallStateMachine;
import dev.salle.device.call.CallTiming;
import dev.salle.device.call.CommandOutcome;
import dev.salle.device.call.FakeRoomConnection;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A device page model around a real {@link CallStateMachine} on a {@link FakeRoomConnection}, with
 * a settable PIN and screen snapshot, and counters for the button.
 */
final class FakeDevicePageModel implements DevicePageModel {

    static final String ROOM_MEETING = "https://visio.example/abc-defg-hij";

    final FakeClock clock = new FakeClock();
    final FakeScheduler scheduler = new FakeScheduler(clock);
    final FakeRoomConnection connection = new FakeRoomConnection();
    final CallStateMachine call;
    final AtomicInteger presses = new AtomicInteger();
    final AtomicInteger longPresses = new AtomicInteger();
    final AtomicReference<byte[]> snapshot = new AtomicReference<>();
    volatile ControlPin pin = ControlPin.none();

    FakeDevicePageModel() {
        CallTiming timing = new CallTiming(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10));
        call = new CallStateMachine(connection, () -> timing, () -> ROOM_MEETING, () -> "Salle Marianne", clock, scheduler);
    }

    /** Puts the room in a call with the fake connection's consent. */
    void inCall() {
        call.join(Optional.empty(), "test");
        connection.last().admit();
    }

    @Override
    public Optional<byte[]> screenSnapshotJpeg() {
        return Optional.ofNullable(snapshot.get());
    }

    @Override
    public Map<String, Object> state() {
        CallSnapshot s = call.snapshot();
        Map<String, Object> callMap = new LinkedHashMap<>();
        callMap.put("state", s.state().wireName());
        callMap.put("muted", s.muted());
        callMap.put("cameraOff", s.cameraOff());
        callMap.put("meeting", s.meeting());
        callMap.put("message", s.message());
        callMap.put("since", s.since().toString());
        return Map.of("call", callMap);
    }

    @Override
    public void pressButton() {
        presses.incrementAndGet();
    }

    @Override
    public void longPressButton() {
        longPresses.incrementAndGet();
    }

    @Override
    public CommandOutcome join(Optional<String> meeting) {
        return call.join(meeting, "api");
    }

    @Override
    public CommandOutcome leave() {
        return call.leave("api");
    }

    @Override
    public CommandOutcome setMicrophoneMuted(Optional<Boolean> muted) {
        return call.setMicrophoneMuted(muted, "api");
    }

    @Override
    public CommandOutcome setCameraOff(Optional<Boolean> off) {
        return call.setCameraOff(off, "api");
    }

    @Override
    public ControlPin controlPin() {
        return pin;
    }
}

package dev.salle.device.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallStateMachineTest {

    private final FakeClock clock = new FakeClock();
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final FakeRoomConnection connection = new FakeRoomConnection();
    private final List<CallSnapshot> seen = new ArrayList<>();
    private String meeting = "https://visio.example/abc-defg-hij";
    private CallStateMachine call;

    @BeforeEach
    void setUp() {
        CallTiming timing = new CallTiming(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10));
        call = new CallStateMachine(connection, () -> timing, () -> meeting, () -> "Salle Marianne", clock, scheduler);
        call.addListener(seen::add);
    }

    private List<CallState> states() {
        List<CallState> out = new ArrayList<>();
        for (CallSnapshot s : seen) {
            if (out.isEmpty() || out.get(out.size() - 1) != s.state()) {
                out.add(s.state());
            }
        }
        return out;
    }

    @Test
    void buttonJoinsTheConfiguredMeetingAndPressingAgainLeaves() {
        call.buttonPressed();
        assertThat(call.snapshot().state()).isEqualTo(CallState.JOINING);
        assertThat(connection.last().meeting).isEqualTo(meeting);
        assertThat(connection.last().displayName).isEqualTo("Salle Marianne");

        connection.last().admit();
        assertThat(call.snapshot().state()).isEqualTo(CallState.IN_CALL);

        call.buttonPressed();
        assertThat(call.snapshot().state()).isEqualTo(CallState.LEAVING);
        assertThat(connection.last().leaves).isEqualTo(1);

        connection.last().end("left");
        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
        assertThat(states()).containsExactly(CallState.IDLE, CallState.JOINING, CallState.IN_CALL, CallState.LEAVING, CallState.IDLE);
    }

    @Test
    void joinThatTakesTooLongBecomesAnErrorAndThenIdle() {
        call.buttonPressed();
        scheduler.advance(Duration.ofSeconds(19));
        assertThat(call.snapshot().state()).isEqualTo(CallState.JOINING);

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(call.snapshot().state()).isEqualTo(CallState.ERROR);
        assertThat(call.snapshot().message()).contains("longer than 20 s");
        assertThat(connection.last().leaves).isEqualTo(1);

        scheduler.advance(Duration.ofSeconds(10));
        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
    }

    @Test
    void lateJoinAfterTimeoutIsIgnored() {
        call.buttonPressed();
        FakeRoomConnection.FakeSession slow = connection.last();
        scheduler.advance(Duration.ofSeconds(20));

        slow.admit();

        assertThat(call.snapshot().state()).isEqualTo(CallState.ERROR);
    }

    @Test
    void refusedJoinShowsTheReason() {
        call.buttonPressed();
        connection.last().refuse("The host denied entry to this meeting.");

        assertThat(call.snapshot().state()).isEqualTo(CallState.ERROR);
        assertThat(call.snapshot().message()).isEqualTo("The host denied entry to this meeting.");
        assertThat(call.snapshot().cause()).isEqualTo("join failed");
    }

    @Test
    void buttonAfterAnErrorTriesAgain() {
        call.buttonPressed();
        connection.last().refuse("network unreachable");

        call.buttonPressed();

        assertThat(call.snapshot().state()).isEqualTo(CallState.JOINING);
        assertThat(connection.sessions).hasSize(2);
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(call.snapshot().state()).as("the old error timer must not fire into the new join").isEqualTo(CallState.JOINING);
    }

    @Test
    void noMeetingConfiguredIsAnErrorThatSaysWhatToSet() {
        meeting = "";

        call.buttonPressed();

        assertThat(call.snapshot().state()).isEqualTo(CallState.ERROR);
        assertThat(call.snapshot().message()).contains("call.meeting");
        assertThat(connection.sessions).isEmpty();
    }

    @Test
    void lostConnectionInCallIsAnError() {
        call.buttonPressed();
        connection.last().admit();

        connection.last().end("server closed the connection");

        assertThat(call.snapshot().state()).isEqualTo(CallState.ERROR);
        assertThat(call.snapshot().message()).contains("server closed the connection");
    }

    @Test
    void leaveThatNeverFinishesReturnsToIdleAfterTheTimeout() {
        call.buttonPressed();
        connection.last().admit();
        call.buttonPressed();

        scheduler.advance(Duration.ofSeconds(5));

        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
        assertThat(call.snapshot().cause()).isEqualTo("leave timed out");
    }

    @Test
    void pressWhileJoiningCancelsTheJoin() {
        call.buttonPressed();
        call.buttonPressed();
        assertThat(call.snapshot().state()).isEqualTo(CallState.LEAVING);

        connection.last().refuse("cancelled");

        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
    }

    @Test
    void longPressTogglesMuteOnlyInACall() {
        call.buttonLongPressed();
        assertThat(call.snapshot().muted()).isFalse();

        call.buttonPressed();
        connection.last().admit();
        call.buttonLongPressed();
        assertThat(call.snapshot().muted()).isTrue();
        assertThat(connection.last().muted).isTrue();

        call.buttonLongPressed();
        assertThat(call.snapshot().muted()).isFalse();
        assertThat(connection.last().muted).isFalse();
    }

    @Test
    void muteCommandSetsTheMicrophoneInACall() {
        call.buttonPressed();
        connection.last().admit();

        CommandOutcome muted = call.setMicrophoneMuted(Optional.of(true), "api");
        CommandOutcome again = call.setMicrophoneMuted(Optional.of(true), "api");

        assertThat(muted.accepted()).isTrue();
        assertThat(muted.message()).isEqualTo("microphone muted");
        assertThat(again.accepted()).isTrue();
        assertThat(call.snapshot().muted()).isTrue();
        assertThat(call.snapshot().cause()).isEqualTo("muted by api");
        assertThat(connection.last().muted).isTrue();

        CommandOutcome unmuted = call.setMicrophoneMuted(Optional.of(false), "api");

        assertThat(unmuted.message()).isEqualTo("microphone unmuted");
        assertThat(call.snapshot().muted()).isFalse();
        assertThat(connection.last().muted).isFalse();
        assertThat(call.snapshot().state()).isEqualTo(CallState.IN_CALL);
    }

    @Test
    void muteCommandWithoutAValueTogglesLikeTheLongPress() {
        call.buttonPressed();
        connection.last().admit();

        call.setMicrophoneMuted(Optional.empty(), "api");
        assertThat(call.snapshot().muted()).isTrue();

        call.buttonLongPressed();
        assertThat(call.snapshot().muted()).isFalse();

        call.setMicrophoneMuted(Optional.empty(), "fleet");
        assertThat(call.snapshot().muted()).isTrue();
        assertThat(call.snapshot().cause()).isEqualTo("muted by fleet");
        assertThat(connection.last().muted).isTrue();
    }

    @Test
    void muteCommandOutsideACallIsRefusedAndChangesNothing() {
        CommandOutcome idle = call.setMicrophoneMuted(Optional.of(true), "api");
        call.buttonPressed();
        int transitions = seen.size();
        CommandOutcome joining = call.setMicrophoneMuted(Optional.empty(), "api");

        assertThat(idle.accepted()).isFalse();
        assertThat(idle.message()).contains("only be muted in a call").contains("idle");
        assertThat(joining.accepted()).isFalse();
        assertThat(joining.message()).contains("joining");
        assertThat(seen).hasSize(transitions);
        assertThat(call.snapshot().muted()).isFalse();
        assertThat(connection.last().muted).isNull();
    }

    @Test
    void cameraOffHoldsFromCallToCallAndEachSessionIsToldAtItsStart() {
        CommandOutcome off = call.setCameraOff(Optional.of(true), "api");
        assertThat(off.accepted()).isTrue();
        assertThat(off.message()).isEqualTo("camera off");
        assertThat(call.snapshot().cameraOff()).isTrue();
        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
        assertThat(call.snapshot().cause()).isEqualTo("camera off by api");

        call.buttonPressed();
        assertThat(connection.last().cameraOff).as("the new session is told before it publishes").isTrue();
        connection.last().admit();
        assertThat(call.snapshot().cameraOff()).as("still off in the call").isTrue();

        CommandOutcome on = call.setCameraOff(Optional.empty(), "fleet");
        assertThat(on.message()).isEqualTo("camera on");
        assertThat(connection.last().cameraOff).isFalse();
        assertThat(call.snapshot().state()).isEqualTo(CallState.IN_CALL);

        call.setCameraOff(Optional.of(true), "api");
        call.buttonPressed();
        connection.last().end("left");
        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
        assertThat(call.snapshot().cameraOff()).as("kept after the call").isTrue();
        call.buttonPressed();
        assertThat(connection.last().cameraOff).isTrue();
    }

    @Test
    void cameraCannotBeTurnedOffBeforeEnrolmentAndEnrolmentTurnsItOn() {
        call.setCameraOff(Optional.of(true), "api");
        call.enterProvisioning();
        assertThat(call.snapshot().cameraOff()).as("the camera reads the QR code").isFalse();
        int transitions = seen.size();

        CommandOutcome refused = call.setCameraOff(Optional.of(true), "api");

        assertThat(refused.accepted()).isFalse();
        assertThat(refused.message()).contains("not enrolled");
        assertThat(seen).hasSize(transitions);
        assertThat(call.snapshot().cameraOff()).isFalse();
    }

    @Test
    void joinCommandIsRefusedWhileInACallAndChangesNothing() {
        call.buttonPressed();
        connection.last().admit();

        CommandOutcome outcome = call.join(Optional.of("https://visio.example/xyz-abcd-efg"), "fleet");

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.message()).contains("in_call");
        assertThat(call.snapshot().state()).isEqualTo(CallState.IN_CALL);
        assertThat(connection.sessions).hasSize(1);
    }

    @Test
    void joinCommandWithAMeetingOverridesTheConfiguredOne() {
        CommandOutcome outcome = call.join(Optional.of("https://visio.example/xyz-abcd-efg"), "fleet");

        assertThat(outcome.accepted()).isTrue();
        assertThat(connection.last().meeting).isEqualTo("https://visio.example/xyz-abcd-efg");
        assertThat(call.snapshot().cause()).isEqualTo("fleet");
    }

    @Test
    void leaveCommandWhenIdleIsRefused() {
        assertThat(call.leave("fleet").accepted()).isFalse();
        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
    }

    @Test
    void mediaFailureInACallLeavesAndShowsTheError() {
        call.buttonPressed();
        connection.last().admit();

        call.fail("The camera pipeline stopped: device disconnected", "media");

        assertThat(call.snapshot().state()).isEqualTo(CallState.ERROR);
        assertThat(connection.last().leaves).isEqualTo(1);
    }

    @Test
    void provisioningIgnoresTheButtonUntilEnrolled() {
        call.enterProvisioning();
        call.buttonPressed();
        assertThat(call.snapshot().state()).isEqualTo(CallState.PROVISIONING);
        assertThat(call.join(Optional.empty(), "fleet").accepted()).isFalse();

        call.provisioned();

        assertThat(call.snapshot().state()).isEqualTo(CallState.IDLE);
    }

    @Test
    void sinceIsTheInstantTheStateWasEntered() {
        clock.advance(Duration.ofSeconds(3));
        call.buttonPressed();
        assertThat(call.snapshot().since()).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(1));
        connection.last().admit();
        assertThat(call.snapshot().since()).isEqualTo(clock.instant());
    }
}

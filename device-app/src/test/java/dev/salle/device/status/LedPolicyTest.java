package dev.salle.device.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.call.CallSnapshot;
import dev.salle.device.call.CallState;
import dev.salle.hw.led.LedState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedPolicyTest {

    private static CallSnapshot call(CallState state, boolean muted, String message) {
        return new CallSnapshot(state, muted, "", message, Instant.EPOCH, "test", false);
    }

    @Test
    void ledFollowsTheCall() {
        assertThat(LedPolicy.forCall(call(CallState.IDLE, false, ""))).isEqualTo(LedState.IDLE);
        assertThat(LedPolicy.forCall(call(CallState.JOINING, false, ""))).isEqualTo(LedState.JOINING);
        assertThat(LedPolicy.forCall(call(CallState.IN_CALL, false, ""))).isEqualTo(LedState.IN_CALL);
        assertThat(LedPolicy.forCall(call(CallState.LEAVING, false, ""))).isEqualTo(LedState.IDLE);
        assertThat(LedPolicy.forCall(call(CallState.ERROR, false, "x"))).isEqualTo(LedState.ERROR);
        assertThat(LedPolicy.forCall(call(CallState.PROVISIONING, false, ""))).isEqualTo(LedState.PROVISIONING);
    }

    @Test
    void mutedCallIsRedNotGreen() {
        assertThat(LedPolicy.forCall(call(CallState.IN_CALL, true, ""))).isEqualTo(LedState.MUTED);
        assertThat(LedState.MUTED.colour()).isNotEqualTo(LedState.IN_CALL.colour());
    }

    @Test
    void screenSaysWhatWentWrong() {
        assertThat(ScreenText.status(call(CallState.ERROR, false, "The meeting was not found."))).isEqualTo("Error: The meeting was not found.");
        assertThat(ScreenText.status(call(CallState.IDLE, false, ""))).contains("Press the button");
        assertThat(ScreenText.label(call(CallState.IN_CALL, true, ""))).contains("microphone off");
    }

    @Test
    void stateLogKeepsTheNewestChangesOnly() {
        StateLog log = new StateLog(3);
        log.record(call(CallState.IDLE, false, ""));
        log.record(call(CallState.IDLE, false, ""));
        log.record(call(CallState.JOINING, false, ""));
        log.record(call(CallState.IN_CALL, false, ""));
        log.record(call(CallState.IN_CALL, true, ""));

        assertThat(log.asMaps()).extracting(m -> m.get("state")).containsExactly("joining", "in_call", "in_call (muted)");
    }
}

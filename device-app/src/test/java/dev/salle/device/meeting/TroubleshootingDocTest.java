package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.client.RoomJoinException;
import dev.salle.rtc.client.SignalConnectException;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.turn.TurnException;
import java.nio.file.Files;
import java.nio.file.Path;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitRtc.LeaveRequest;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/troubleshooting.md true: every way a join can fail appears there with the kind the
 * fleet sees and the sentence the screen shows, and so does every way the server can end a call.
 */
class TroubleshootingDocTest {

    private static String doc() throws Exception {
        return Files.readString(Path.of("..", "docs", "troubleshooting.md"));
    }

    @Test
    void everyRoomApiFailureIsThereWithItsKindAndSentence() throws Exception {
        String doc = doc();
        for (RoomJoinException.Failure f : RoomJoinException.Failure.values()) {
            JoinFailure shown = JoinFailure.of(new RoomJoinException(f, "detail"));
            assertThat(doc).as("%s", f).contains("`" + shown.kind() + "`").contains(shown.message());
        }
    }

    @Test
    void everySignallingFailureIsThereWithItsKindAndSentence() throws Exception {
        String doc = doc();
        for (SignalConnectException.Reason r : SignalConnectException.Reason.values()) {
            if (r == SignalConnectException.Reason.RESUME_REFUSED) {
                continue; // not a failure the room sees: the session joins again from scratch
            }
            JoinFailure shown = JoinFailure.of(new SignalConnectException(r, "detail", null));
            assertThat(doc).as("%s", r).contains("`" + shown.kind() + "`").contains(shown.message());
        }
    }

    @Test
    void everyWayTheMediaFailsToComeUpIsThereWithItsKindAndSentence() throws Exception {
        String doc = doc();
        for (PeerFailure.Stage stage : PeerFailure.Stage.values()) {
            if (stage == PeerFailure.Stage.CONSENT) {
                continue; // only once the call was up: the session resumes, the join does not fail
            }
            JoinFailure shown = JoinFailure.of(new PeerFailure(stage, "detail", null));
            assertThat(doc).as("%s", stage).contains("`" + shown.kind() + "`").contains(shown.message());
            assertThat(shown.message()).as("no addresses or ports on the screen").doesNotContainPattern("[0-9]");
        }
        for (TurnException.Kind refused : new TurnException.Kind[] {TurnException.Kind.TLS,
                TurnException.Kind.WRONG_CREDENTIALS}) {
            java.util.concurrent.TimeoutException timeout = new java.util.concurrent.TimeoutException("no answer");
            timeout.addSuppressed(new TurnException(TurnException.Kind.TIMEOUT, "another server", null));
            timeout.addSuppressed(new TurnException(refused, "refused", null));
            JoinFailure shown = JoinFailure.of(new PeerFailure(PeerFailure.Stage.ICE, "detail", timeout));
            assertThat(shown.message()).as("%s", refused).isNotEqualTo(
                    JoinFailure.of(new PeerFailure(PeerFailure.Stage.ICE, "detail", null)).message());
            assertThat(doc).as("%s", refused).contains(shown.message());
        }
        for (JoinFailure shown : java.util.List.of(JoinFailure.droppedWhileJoining(), JoinFailure.unusableAnswer(),
                JoinFailure.mediaSetUp())) {
            assertThat(doc).as(shown.kind()).contains("`" + shown.kind() + "`").contains(shown.message());
        }
    }

    @Test
    void everySentenceAServerLeaveEndsACallWithIsThere() throws Exception {
        String doc = doc();
        for (DisconnectReason r : new DisconnectReason[] {DisconnectReason.ROOM_DELETED, DisconnectReason.ROOM_CLOSED,
                DisconnectReason.PARTICIPANT_REMOVED, DisconnectReason.DUPLICATE_IDENTITY}) {
            String sentence = SessionReport.endOf(LeaveRequest.newBuilder().setReason(r).build()).orElseThrow();
            assertThat(doc).as("%s", r).contains(sentence);
        }
        String other = SessionReport.endOf(LeaveRequest.newBuilder().setReason(DisconnectReason.STATE_MISMATCH).build())
                .orElseThrow();
        assertThat(other).startsWith("The meeting server ended the call (");
        assertThat(doc).contains("The meeting server ended the call (");
    }
}

package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.signal.SignalFixture.Joined;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LiveKit's session resume on the real bridge: a participant whose signalling socket drops stays
 * in its room for the resume window, unseen by the others, and its client resumes with
 * {@code reconnect=1&sid=…}; a resume the bridge cannot honour is refused with a Leave (the
 * client joins again) and counted.
 */
class SignallingResumeTest {

    private final SignalFixture f = new SignalFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aParticipantWhoseSocketDropsStaysInTheRoomAndResumesWithAReconnectResponse() {
        Joined alice = f.join("alice");
        Joined bob = f.join("bob");
        alice.client().await(MessageCase.UPDATE);

        alice.client().close();
        awaitMetric("salle_bridge_signal_lost_total 1");
        Joined carol = f.join("carol"); // joins while alice is away: alice hears of it on resume

        SignalClient resumed = resume("alice", alice.sid());

        List<SignalResponse> first = List.of(resumed.await(MessageCase.RECONNECT));
        assertThat(first.get(0).getReconnect().getServerInfo().getVersion()).isNotBlank();
        ParticipantInfo missed = resumed.await(MessageCase.UPDATE).getUpdate().getParticipants(0);
        assertThat(missed.getSid()).as("the update queued while away comes first").isEqualTo(carol.sid());
        List<ParticipantInfo> everyone = resumed.await(MessageCase.UPDATE).getUpdate().getParticipantsList();
        assertThat(everyone).extracting(ParticipantInfo::getSid).containsExactlyInAnyOrder(alice.sid(), bob.sid(),
                carol.sid());
        assertThat(resumed.await(MessageCase.ROOM_UPDATE).getRoomUpdate().getRoom().getNumParticipants()).isEqualTo(3);
        assertThat(resumed.drain()).extracting(SignalResponse::getMessageCase).doesNotContain(MessageCase.JOIN);
        resumed.send(SignalRequest.newBuilder().setPing(7).build());
        assertThat(resumed.await(MessageCase.PONG)).isNotNull();
        assertThat(bob.client().drain()).as("bob never saw alice leave")
                .noneMatch(r -> r.hasUpdate() && r.getUpdate().getParticipantsList().stream()
                        .anyMatch(p -> p.getSid().equals(alice.sid())
                                && p.getState() == ParticipantInfo.State.DISCONNECTED));
        assertThat(f.metrics()).contains("salle_bridge_participants 3")
                .contains("salle_bridge_signal_resumes_total 1")
                .doesNotContain("salle_bridge_signal_disconnects_total{");
    }

    @Test
    void aResumeForAnUnknownSidOrAnotherIdentityIsRefusedCountedAndChangesNothing() {
        Joined alice = f.join("alice");
        Joined bob = f.join("bob");
        alice.client().await(MessageCase.UPDATE);
        alice.client().close();
        awaitMetric("salle_bridge_signal_lost_total 1");

        assertRefused(resume("alice", "PA_000000000000"));
        assertRefused(resume("mallory", alice.sid()));
        assertRefused(SignalClient.connect(f.http, URI.create(f.rtc(f.token("alice")) + "&reconnect=1")));

        assertThat(f.metrics()).contains("salle_bridge_signal_resumes_refused_total{reason=\"unknown_sid\"} 1")
                .contains("salle_bridge_signal_resumes_refused_total{reason=\"other_identity\"} 1")
                .contains("salle_bridge_signal_resumes_refused_total{reason=\"no_sid\"} 1")
                .contains("salle_bridge_participants 2");
        SignalClient.assertOpen(bob.client());
        assertThat(resume("alice", alice.sid()).await(MessageCase.RECONNECT)).as("alice may still resume").isNotNull();
    }

    @Test
    void aResumeWithAForgedTokenIsRefusedBeforeTheUpgradeAndCounted() {
        Joined alice = f.join("alice");
        String forged = f.token("alice").replaceAll(".$", "A").replaceAll("..$", "AB");

        var response = f.get(URI.create(f.rtc(forged) + "&reconnect=1&sid=" + alice.sid()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(f.metrics()).contains("salle_bridge_signal_resumes_refused_total{reason=\"token\"} 1");
        SignalClient.assertOpen(alice.client());
    }

    @Test
    void aResumeWithAnExpiredTokenIsRefusedBeforeTheUpgradeAndTheParticipantStaysAway() {
        String token = f.token("alice");
        Joined alice = SignalFixture.joinWith(f, token);
        Joined bob = f.join("bob");
        alice.client().await(MessageCase.UPDATE);
        alice.client().close();
        awaitMetric("salle_bridge_signal_lost_total 1");
        f.clock.advance(Duration.ofHours(7)); // past the token's 6 h (the sweep does not run: no scheduler tick)

        var response = f.get(URI.create(f.rtc(token) + "&reconnect=1&sid=" + alice.sid()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid token");
        assertThat(f.metrics()).contains("salle_bridge_signal_resumes_refused_total{reason=\"token\"} 1")
                .contains("salle_bridge_participants 2").contains("salle_bridge_signal_resumes_total 0");
        SignalClient.assertOpen(bob.client());
    }

    @Test
    void aParticipantThatDoesNotResumeWithinTheWindowLeavesAsBefore() {
        Joined alice = f.join("alice");
        Joined bob = f.join("bob");
        alice.client().await(MessageCase.UPDATE);
        alice.client().close();
        awaitMetric("salle_bridge_signal_lost_total 1");

        for (int i = 0; i < 8; i++) { // 32 s: past the 30 s window; bob keeps pinging
            f.scheduler.advance(Duration.ofSeconds(4));
            bob.client().send(SignalRequest.newBuilder().setPing(i).build());
            bob.client().await(MessageCase.PONG);
        }

        ParticipantInfo gone = bob.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0);
        assertThat(gone.getSid()).isEqualTo(alice.sid());
        assertThat(gone.getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED);
        assertThat(f.metrics()).contains("salle_bridge_participants 1")
                .contains("salle_bridge_signal_disconnects_total{reason=\"socket_closed\"} 1");
        assertRefused(resume("alice", alice.sid()));
    }

    @Test
    void aResumeOnANewSocketWhileTheOldOneIsStillOpenReplacesIt() {
        Joined alice = f.join("alice");
        f.join("bob");

        SignalClient resumed = resume("alice", alice.sid());

        assertThat(resumed.await(MessageCase.RECONNECT)).isNotNull();
        assertThat(alice.client().awaitClosed().reason()).contains("resumed on another connection");
        resumed.send(SignalRequest.newBuilder().setPing(1).build());
        assertThat(resumed.await(MessageCase.PONG)).isNotNull();
        assertThat(f.metrics()).contains("salle_bridge_participants 2").contains("salle_bridge_signal_lost_total 0");
    }

    @Test
    void withoutAResumeWindowAParticipantLeavesAsSoonAsItsSocketDrops() {
        try (SignalFixture noWindow = new SignalFixture(new dev.salle.bridge.config.BridgeLimits(100, 100, 1024 * 1024,
                16 * 1024, 0))) {
            Joined alice = noWindow.join("alice");
            Joined bob = noWindow.join("bob");
            alice.client().await(MessageCase.UPDATE);

            alice.client().close();

            ParticipantInfo gone = bob.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0);
            assertThat(gone.getSid()).isEqualTo(alice.sid());
            assertThat(gone.getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED);
            assertThat(noWindow.metrics()).contains("salle_bridge_signal_lost_total 0");
            SignalClient resume = SignalClient.connect(noWindow.http, URI.create(noWindow.rtc(noWindow.token("bob"))
                    + "&reconnect=1&sid=" + bob.sid()));
            assertRefused(resume);
            assertThat(noWindow.metrics()).contains("salle_bridge_signal_resumes_refused_total{reason=\"disabled\"} 1");
            SignalClient.assertOpen(bob.client());
        }
    }

    private SignalClient resume(String identity, String sid) {
        return SignalClient.connect(f.http, URI.create(f.rtc(f.token(identity)) + "&reconnect=1&sid=" + sid));
    }

    private static void assertRefused(SignalClient c) {
        LeaveRequest leave = c.await(MessageCase.LEAVE).getLeave();
        assertThat(leave.getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
        assertThat(leave.getAction()).isEqualTo(LeaveRequest.Action.RECONNECT);
        assertThat(c.awaitClosed().reason()).contains("join again without reconnect=1");
    }

    private void awaitMetric(String line) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(f.metrics()).contains(line));
    }
}

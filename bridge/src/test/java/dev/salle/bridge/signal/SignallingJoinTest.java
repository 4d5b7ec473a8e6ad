package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.signal.SignalFixture.Joined;
import java.time.Duration;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.Ping;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignallingJoinTest {

    private final SignalFixture f = new SignalFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aJoiningClientGetsAJoinResponseWithItsSidTheRoomAndTheServerVersion() {
        Joined alice = f.join("alice");

        JoinResponse join = alice.join().getJoin();
        assertThat(join.getParticipant().getSid()).matches("PA_[0-9A-Za-z]{12}");
        assertThat(join.getParticipant().getIdentity()).isEqualTo("alice");
        assertThat(join.getParticipant().getState()).isEqualTo(ParticipantInfo.State.JOINED);
        assertThat(join.getParticipant().getPermission().getCanPublish()).isTrue();
        assertThat(join.getParticipant().getJoinedAt()).isEqualTo(f.clock.instant().getEpochSecond());
        assertThat(join.getRoom().getSid()).matches("RM_[0-9A-Za-z]{12}");
        assertThat(join.getRoom().getName()).isEqualTo(SignalFixture.ROOM);
        assertThat(join.getServerInfo().getVersion()).isNotBlank();
        assertThat(join.getSubscriberPrimary()).isFalse();
        assertThat(join.getPingInterval()).isEqualTo(5);
        assertThat(join.getPingTimeout()).isEqualTo(15);
        assertThat(join.getOtherParticipantsList()).isEmpty();
        assertThat(f.metrics()).contains("salle_bridge_participants 1");
    }

    @Test
    void aSecondParticipantSeesTheFirstAndTheFirstLearnsOfTheSecond() {
        Joined alice = f.join("alice");
        Joined bob = f.join("bob");

        assertThat(bob.join().getJoin().getOtherParticipantsList()).extracting(ParticipantInfo::getSid)
                .containsExactly(alice.sid());
        assertThat(bob.join().getJoin().getRoom().getSid()).isEqualTo(alice.join().getJoin().getRoom().getSid());
        ParticipantInfo seen = alice.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0);
        assertThat(seen.getSid()).isEqualTo(bob.sid());
        assertThat(seen.getIdentity()).isEqualTo("bob");
        assertThat(seen.getState()).isEqualTo(ParticipantInfo.State.JOINED);
        assertThat(f.metrics()).contains("salle_bridge_participants 2");
    }

    @Test
    void pingIsAnsweredWithPongAndPingReqWithPongRespCarryingTheTimestamp() {
        Joined alice = f.join("alice");

        alice.client().send(SignalRequest.newBuilder().setPing(1234L).build());
        alice.client().send(SignalRequest.newBuilder().setPingReq(Ping.newBuilder().setTimestamp(5678L).setRtt(3))
                .build());

        assertThat(alice.client().await(MessageCase.PONG).getPong()).isEqualTo(f.clock.millis());
        SignalResponse pongResp = alice.client().await(MessageCase.PONG_RESP);
        assertThat(pongResp.getPongResp().getLastPingTimestamp()).isEqualTo(5678L);
        assertThat(pongResp.getPongResp().getTimestamp()).isEqualTo(f.clock.millis());
        assertThat(f.metrics()).contains("salle_bridge_signal_requests_total{type=\"ping\"} 1")
                .contains("salle_bridge_signal_requests_total{type=\"ping_req\"} 1");
    }

    @Test
    void aLeavingParticipantIsShownDisconnectedToTheOthersAndItsSocketCloses() {
        Joined alice = f.join("alice");
        Joined bob = f.join("bob");
        alice.client().await(MessageCase.UPDATE);

        bob.client().send(SignalRequest.newBuilder().setLeave(LeaveRequest.newBuilder()).build());

        ParticipantInfo gone = alice.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0);
        assertThat(gone.getSid()).isEqualTo(bob.sid());
        assertThat(gone.getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED);
        assertThat(bob.client().awaitClosed().code()).isEqualTo(1000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(f.metrics()).contains("salle_bridge_participants 1"));
    }

    @Test
    void aSecondJoinWithTheSameIdentityReplacesTheFirstWhichIsToldToLeave() {
        Joined first = f.join("alice");
        Joined observer = f.join("bob");

        Joined second = f.join("alice");

        LeaveRequest leave = first.client().await(MessageCase.LEAVE).getLeave();
        assertThat(leave.getReason()).isEqualTo(livekit.LivekitModels.DisconnectReason.DUPLICATE_IDENTITY);
        assertThat(first.client().awaitClosed().code()).isEqualTo(1000);
        assertThat(second.join().getJoin().getOtherParticipantsList()).extracting(ParticipantInfo::getSid)
                .containsExactly(observer.sid());
        assertThat(f.metrics()).contains("salle_bridge_participants 2");
    }

    @Test
    void aSilentParticipantIsDroppedAfterThePingTimeoutAndTheResumeWindowWhileAPingingOneStays() {
        Joined silent = f.join("silent");
        Joined talker = f.join("talker");
        silent.client().await(MessageCase.UPDATE);

        for (int i = 0; i < 4; i++) {
            f.scheduler.advance(Duration.ofSeconds(4));
            talker.client().send(SignalRequest.newBuilder().setPing(i).build());
            talker.client().await(MessageCase.PONG);
        }
        SignalClient.Closed closed = silent.client().awaitClosed();
        assertThat(closed.reason()).contains("ping timeout");
        assertThat(talker.client().drain()).as("the silent one may still resume").noneMatch(SignalResponse::hasUpdate);
        for (int i = 0; i < 8; i++) {
            f.scheduler.advance(Duration.ofSeconds(4));
            talker.client().send(SignalRequest.newBuilder().setPing(i).build());
            talker.client().await(MessageCase.PONG);
        }

        ParticipantInfo gone = talker.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0);
        assertThat(gone.getSid()).isEqualTo(silent.sid());
        assertThat(gone.getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED);
        SignalClient.assertOpen(talker.client());
        assertThat(f.metrics()).contains("salle_bridge_participants 1")
                .contains("salle_bridge_signal_disconnects_total{reason=\"ping_timeout\"} 1");
    }

    @Test
    void shutdownSendsEveryParticipantALeaveBeforeTheSocketCloses() {
        Joined alice = f.join("alice");
        Joined bob = f.join("bob");

        f.bridge.close();

        for (Joined j : new Joined[] {alice, bob}) {
            LeaveRequest leave = j.client().await(MessageCase.LEAVE).getLeave();
            assertThat(leave.getReason()).isEqualTo(livekit.LivekitModels.DisconnectReason.SERVER_SHUTDOWN);
            assertThat(leave.getAction()).isEqualTo(LeaveRequest.Action.DISCONNECT);
            assertThat(j.client().awaitClosed().code()).isEqualTo(1001);
        }
    }

    @Test
    void aResumeOfAnUnknownSessionIsToldToReconnectFromScratch() {
        SignalClient c = SignalClient.connect(f.http, java.net.URI.create(f.rtc(f.token("alice"))
                + "&reconnect=1&sid=PA_000000000000"));

        LeaveRequest leave = c.await(MessageCase.LEAVE).getLeave();
        assertThat(leave.getReason()).isEqualTo(livekit.LivekitModels.DisconnectReason.STATE_MISMATCH);
        assertThat(leave.getAction()).isEqualTo(LeaveRequest.Action.RECONNECT);
        assertThat(c.awaitClosed().code()).isEqualTo(1000);
        assertThat(f.signalling.get().participantCount()).isZero();
    }
}

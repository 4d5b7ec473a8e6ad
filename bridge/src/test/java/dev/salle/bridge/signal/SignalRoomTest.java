package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.signal.JoinResponseParts;
import dev.salle.rtc.signal.ParticipantIds;
import dev.salle.rtc.token.VerifiedToken;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.FakeClock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.junit.jupiter.api.Test;

class SignalRoomTest {

    private static final String ROOM = "abc-defg-hij";
    private static final SignalRoom.Welcome WELCOME = (room, self, others) -> SignalResponse.newBuilder()
            .setPongResp(livekit.LivekitRtc.Pong.newBuilder().setTimestamp(others.size())).build();

    private final FakeClock clock = new FakeClock();
    private final ParticipantIds ids = new ParticipantIds(new SplittableRandom(1));
    private final JoinResponseParts parts = new JoinResponseParts(clock, "test", "", "");
    private final SignalRooms rooms = new SignalRooms(clock, ids, parts, 2);

    private SignalParticipant participant(String identity, VideoGrant grant, FakeParticipantLink link) {
        VerifiedToken token = new VerifiedToken("k", identity, identity, "", Map.of(), grant,
                clock.instant().plusSeconds(3600));
        return new SignalParticipant(parts.joiningParticipant(ids.newParticipantSid(), token), grant, link,
                clock.instant());
    }

    private SignalRooms.Joined join(String identity, VideoGrant grant, FakeParticipantLink link)
            throws RoomFullException {
        return rooms.join(ROOM, participant(identity, grant, link), WELCOME);
    }

    @Test
    void theWelcomeComesFirstAndCountsOnlyVisibleParticipants() throws Exception {
        FakeParticipantLink hiddenLink = new FakeParticipantLink();
        FakeParticipantLink newcomer = new FakeParticipantLink();
        join("recorder", VideoGrant.joinRoom(ROOM).withHidden(true), hiddenLink);

        join("alice", VideoGrant.joinRoom(ROOM), newcomer);

        assertThat(newcomer.kinds()).containsExactly(MessageCase.PONG_RESP);
        assertThat(newcomer.sent.get(0).getPongResp().getTimestamp()).as("others in the welcome").isZero();
        assertThat(hiddenLink.kinds()).as("the hidden one still sees the newcomer").contains(MessageCase.UPDATE);
    }

    @Test
    void aConnectedPublisherBecomesActiveOnceAndANegotiatedTrackGetsItsMidAndMimeType() throws Exception {
        FakeParticipantLink aliceLink = new FakeParticipantLink();
        FakeParticipantLink bobLink = new FakeParticipantLink();
        SignalRooms.Joined alice = join("alice", VideoGrant.joinRoom(ROOM).withCanPublish(true), aliceLink);
        join("bob", VideoGrant.joinRoom(ROOM), bobLink);
        livekit.LivekitModels.TrackInfo track = alice.room().publish(alice.participant(), "cam",
                livekit.LivekitModels.TrackInfo.newBuilder().setSid("TR_cam").build(), 4);
        bobLink.sent.clear();

        alice.room().activate(alice.participant());
        alice.room().activate(alice.participant());
        alice.room().updateTrack(alice.participant(), track.toBuilder().setMid("2").setMimeType("video/VP8").build());
        alice.room().updateTrack(alice.participant(), livekit.LivekitModels.TrackInfo.newBuilder().setSid("TR_other").build());

        assertThat(bobLink.kinds()).as("one update for ACTIVE, one for the track; none for a track alice lacks")
                .containsExactly(MessageCase.UPDATE, MessageCase.UPDATE);
        var last = bobLink.sent.get(1).getUpdate().getParticipants(0);
        assertThat(last.getState()).isEqualTo(livekit.LivekitModels.ParticipantInfo.State.ACTIVE);
        assertThat(last.getTracks(0).getMid()).isEqualTo("2");
        assertThat(last.getTracks(0).getMimeType()).isEqualTo("video/VP8");
    }

    @Test
    void aHiddenParticipantIsNeverAnnounced() throws Exception {
        FakeParticipantLink alice = new FakeParticipantLink();
        join("alice", VideoGrant.joinRoom(ROOM), alice);

        join("recorder", VideoGrant.joinRoom(ROOM).withHidden(true), new FakeParticipantLink());

        assertThat(alice.kinds()).containsExactly(MessageCase.PONG_RESP);
    }

    @Test
    void aFullRoomRefusesANewIdentityButAdmitsAReplacement() throws Exception {
        FakeParticipantLink first = new FakeParticipantLink();
        join("alice", VideoGrant.joinRoom(ROOM), first);
        join("bob", VideoGrant.joinRoom(ROOM), new FakeParticipantLink());

        assertThatThrownBy(() -> join("carol", VideoGrant.joinRoom(ROOM), new FakeParticipantLink()))
                .isInstanceOf(RoomFullException.class).hasMessageContaining(ROOM).hasMessageContaining("2");
        join("alice", VideoGrant.joinRoom(ROOM), new FakeParticipantLink());

        assertThat(first.kinds()).contains(MessageCase.LEAVE);
        assertThat(first.closeCode).isEqualTo(1000);
        assertThat(rooms.participantCount()).isEqualTo(2);
    }

    @Test
    void eachChangeRaisesTheParticipantVersionSoClientsCanOrderUpdates() throws Exception {
        FakeParticipantLink viewer = new FakeParticipantLink();
        join("viewer", VideoGrant.joinRoom(ROOM), viewer);
        SignalRooms.Joined pub = join("pub", VideoGrant.joinRoom(ROOM), new FakeParticipantLink());
        TrackInfo track = TrackInfo.newBuilder().setSid(ids.newTrackSid()).build();

        pub.room().publish(pub.participant(), "cid", track, 4);
        pub.room().mute(pub.participant(), track.getSid(), true);

        List<Integer> versions = viewer.sent.stream().filter(r -> r.getMessageCase() == MessageCase.UPDATE)
                .map(r -> r.getUpdate().getParticipants(0).getVersion()).toList();
        assertThat(versions).hasSize(3).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aTrackBeyondTheLimitIsNotPublished() throws Exception {
        FakeParticipantLink link = new FakeParticipantLink();
        SignalRooms.Joined pub = join("pub", VideoGrant.joinRoom(ROOM), link);

        TrackInfo first = pub.room().publish(pub.participant(), "a", TrackInfo.newBuilder().setSid("TR_a").build(), 1);
        TrackInfo second = pub.room().publish(pub.participant(), "b", TrackInfo.newBuilder().setSid("TR_b").build(), 1);
        TrackInfo again = pub.room().publish(pub.participant(), "a", TrackInfo.newBuilder().setSid("TR_c").build(), 1);

        assertThat(first.getSid()).isEqualTo("TR_a");
        assertThat(second).isNull();
        assertThat(again.getSid()).as("a known cid gets its track again").isEqualTo("TR_a");
        assertThat(pub.participant().info().getTracksList()).hasSize(1);
    }

    @Test
    void anEmptiedRoomIsForgottenAndTheNextJoinGetsANewRoomSid() throws Exception {
        FakeParticipantLink link = new FakeParticipantLink();
        SignalRooms.Joined alice = join("alice", VideoGrant.joinRoom(ROOM), link);
        String sid = alice.room().info().getSid();

        alice.room().leave(alice.participant());
        rooms.closeIfEmpty(alice.room());
        SignalRooms.Joined bob = join("bob", VideoGrant.joinRoom(ROOM), new FakeParticipantLink());

        assertThat(bob.room().info().getSid()).isNotEqualTo(sid);
        assertThat(alice.participant().info().getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED);
    }
}

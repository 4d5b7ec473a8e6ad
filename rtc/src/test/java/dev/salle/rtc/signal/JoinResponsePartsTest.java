package dev.salle.rtc.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.token.PublishSource;
import dev.salle.rtc.token.VerifiedToken;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.SignalResponse;
import org.junit.jupiter.api.Test;

class JoinResponsePartsTest {

    private final FakeClock clock = new FakeClock();
    private final JoinResponseParts parts = new JoinResponseParts(clock, "0.1.0-salle", "node-1", "onsite");
    private final ParticipantIds ids = new ParticipantIds(new SplittableRandom(3));

    private VerifiedToken token(VideoGrant grant) {
        return new VerifiedToken("APIk", "device-7", "Salle Jaurès", "{}", Map.of("room_role", "device"), grant,
                clock.instant().plusSeconds(3600));
    }

    @Test
    void theJoiningParticipantCarriesTheTokenIdentityAndGrant() {
        String sid = ids.newParticipantSid();

        ParticipantInfo p = parts.joiningParticipant(sid, token(VideoGrant.joinRoom("r1")));

        assertThat(p.getSid()).isEqualTo(sid);
        assertThat(p.getIdentity()).isEqualTo("device-7");
        assertThat(p.getName()).isEqualTo("Salle Jaurès");
        assertThat(p.getMetadata()).isEqualTo("{}");
        assertThat(p.getAttributesMap()).containsExactlyEntriesOf(Map.of("room_role", "device"));
        assertThat(p.getState()).isEqualTo(ParticipantInfo.State.JOINING);
        assertThat(p.getJoinedAtMs()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(p.getPermission().getCanPublish()).isTrue();
        assertThat(p.getTracksList()).isEmpty();
    }

    @Test
    void permissionMapsSourcesToTrackSourceNumbers() {
        VideoGrant grant = VideoGrant.joinRoom("r1").withCanSubscribe(false).withHidden(true)
                .withCanPublishSources(Set.of(PublishSource.MICROPHONE, PublishSource.SCREEN_SHARE_AUDIO));

        ParticipantPermission perm = JoinResponseParts.permission(grant);

        assertThat(perm.getCanSubscribe()).isFalse();
        assertThat(perm.getHidden()).isTrue();
        assertThat(perm.getCanPublishSourcesList())
                .containsExactly(TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE_AUDIO);
        for (PublishSource s : PublishSource.values()) {
            assertThat(TrackSource.forNumber(s.trackSourceNumber()).name()).isEqualTo(s.name());
        }
    }

    @Test
    void theJoinResponseIsPublisherPrimaryWithServerVersionAndPings() throws Exception {
        Room room = parts.room(ids.newRoomSid(), "abc-defg-hij", Instant.parse("2026-01-01T08:00:00Z"), 1);
        ParticipantInfo self = parts.joiningParticipant(ids.newParticipantSid(), token(VideoGrant.joinRoom("abc-defg-hij")));

        JoinResponse join = parts.join(room, self, List.of(), List.of(JoinResponseParts.iceServer(
                List.of("stun:127.0.0.1:3478"), "", "")), Duration.ofSeconds(5), Duration.ofSeconds(15));
        SignalCodec codec = new SignalCodec();
        SignalResponse onTheWire = codec.decodeResponse(codec.encodeResponse(SignalResponse.newBuilder().setJoin(join).build()));

        JoinResponse read = onTheWire.getJoin();
        assertThat(read.getSubscriberPrimary()).isFalse();
        assertThat(read.getServerInfo().getVersion()).isEqualTo("0.1.0-salle");
        assertThat(read.getServerInfo().getProtocol()).isEqualTo(17);
        assertThat(read.getServerVersion()).isEqualTo("0.1.0-salle");
        assertThat(read.getPingInterval()).isEqualTo(5);
        assertThat(read.getPingTimeout()).isEqualTo(15);
        assertThat(read.getRoom().getName()).isEqualTo("abc-defg-hij");
        assertThat(read.getRoom().getSid()).startsWith("RM_");
        assertThat(read.getRoom().getCreationTime()).isEqualTo(Instant.parse("2026-01-01T08:00:00Z").getEpochSecond());
        assertThat(read.getParticipant().getSid()).startsWith("PA_");
        assertThat(read.getIceServers(0).getUrlsList()).containsExactly("stun:127.0.0.1:3478");
    }

    @Test
    void refusesABlankServerVersionBecauseClientsWould() {
        assertThatThrownBy(() -> new JoinResponseParts(clock, " ", "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverVersion");
    }

    @Test
    void refusesPingSettingsThatWouldDropClients() {
        Room room = parts.room("RM_x", "r", clock.instant(), 0);
        ParticipantInfo self = ParticipantInfo.getDefaultInstance();

        assertThatThrownBy(() -> parts.join(room, self, List.of(), List.of(), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than pingInterval");
        assertThatThrownBy(() -> parts.join(room, self, List.of(), List.of(), Duration.ofMillis(500), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> JoinResponseParts.iceServer(List.of(), "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("URL");
    }
}

package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.sdp.SessionDescription;
import java.util.List;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.SpeakerInfo;
import livekit.LivekitModels.Transcription;
import livekit.LivekitModels.TranscriptionSegment;
import livekit.LivekitModels.UserPacket;
import org.junit.jupiter.api.Test;

/** The small parts of a meeting session: roster, offered tracks, captions, packet cache, trickle. */
class MeetingPartsTest {

    private static ParticipantInfo participant(String sid, String identity, String name) {
        return ParticipantInfo.newBuilder().setSid(sid).setIdentity(identity).setName(name)
                .setState(ParticipantInfo.State.ACTIVE).build();
    }

    @Test
    void theRosterNamesParticipantsSafelyAndFollowsSpeakers() {
        Roster roster = new Roster("PA_me", List.of(participant("PA_me", "me", "Me"), participant("PA_a", "alice", "Alice"),
                participant("PA_b", "bob", "")));

        assertThat(roster.size()).isEqualTo(2);
        assertThat(roster.name("PA_a")).isEqualTo("Alice");
        assertThat(roster.name("PA_b")).as("identity when no name").isEqualTo("bob");
        assertThat(roster.name("PA_unknown")).isEqualTo("Guest");
        roster.update(participant("PA_c", "c", "x".repeat(500) + "\u0007"));
        assertThat(roster.name("PA_c")).hasSize(Roster.MAX_NAME).endsWith("…");

        roster.speakers(List.of(SpeakerInfo.newBuilder().setSid("PA_b").setLevel(0.5f).setActive(true).build()));
        assertThat(roster.loudest(List.of("PA_a", "PA_b"))).contains("PA_b");
        roster.speakers(List.of(SpeakerInfo.newBuilder().setSid("PA_a").setLevel(0.9f).setActive(true).build()));
        assertThat(roster.loudest(List.of("PA_a", "PA_b"))).contains("PA_a");

        assertThat(roster.update(ParticipantInfo.newBuilder(participant("PA_a", "alice", "Alice"))
                .setState(ParticipantInfo.State.DISCONNECTED).build())).isTrue();
        assertThat(roster.contains("PA_a")).isFalse();
        assertThat(roster.loudest(List.of("PA_a"))).isEmpty();
    }

    @Test
    void offeredTracksAreReadFromMsidSsrcAndCodec() throws Exception {
        String sdp = String.join("\r\n",
                "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1 2",
                "m=video 9 UDP/TLS/RTP/SAVPF 102", "c=IN IP4 0.0.0.0", "a=mid:0", "a=sendonly",
                "a=msid:PA_alice|TR_cam TR_cam", "a=rtpmap:102 H264/90000", "a=ssrc:1234 cname:x",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:1", "a=sendonly",
                "a=msid:PA_alice TR_mic", "a=rtpmap:111 opus/48000/2", "a=ssrc:99 cname:x",
                "m=video 9 UDP/TLS/RTP/SAVPF 98", "c=IN IP4 0.0.0.0", "a=mid:2", "a=inactive",
                "a=rtpmap:98 VP9/90000", "") ;

        List<RemoteTrack> tracks = RemoteTrack.of(SessionDescription.parse(sdp));

        assertThat(tracks).containsExactly(
                new RemoteTrack("0", "video", "PA_alice", "TR_cam", 1234, "H264", 102),
                new RemoteTrack("1", "audio", "PA_alice", "TR_mic", 99, "OPUS", 111));
    }

    @Test
    void captionsComeFromTranscriptionPacketsOnly() {
        byte[] transcription = DataPacket.newBuilder().setParticipantIdentity("agent")
                .setTranscription(Transcription.newBuilder().setTranscribedParticipantIdentity("alice")
                        .addSegments(TranscriptionSegment.newBuilder().setText("old").build())
                        .addSegments(TranscriptionSegment.newBuilder().setText("Bonjour\u0000 à tous").setFinal(true).build()))
                .build().toByteArray();
        byte[] user = DataPacket.newBuilder().setUser(UserPacket.newBuilder().setPayload(
                com.google.protobuf.ByteString.copyFromUtf8("hi"))).build().toByteArray();

        assertThat(CaptionText.of(transcription, id -> id.equals("alice") ? "Alice" : id)).contains("Alice: Bonjour  à tous");
        assertThat(CaptionText.of(user, id -> id)).isEmpty();
        assertThat(CaptionText.of(new byte[] {(byte) 0xFF, 0x01, 0x02}, id -> id)).isEmpty();
        byte[] huge = DataPacket.newBuilder().setTranscription(Transcription.newBuilder()
                .addSegments(TranscriptionSegment.newBuilder().setText("y".repeat(10_000)))).build().toByteArray();
        assertThat(CaptionText.of(huge, id -> id).orElseThrow()).hasSize(CaptionText.MAX_CHARS);
    }

    @Test
    void theSentPacketCacheAnswersOnlyForPacketsItStillHolds() {
        SentPacketCache cache = new SentPacketCache(4);
        for (int seq = 65_534; seq < 65_534 + 6; seq++) {
            byte[] p = new byte[12];
            p[2] = (byte) (seq >> 8);
            p[3] = (byte) seq;
            cache.put(p);
        }
        assertThat(cache.get(2)).isNotNull();
        assertThat(cache.get(65_535)).as("overwritten by 3").isNull();
        assertThat(cache.get(1)).isNotNull();
    }

    @Test
    void stampingKeepsTheMarkerAndSetsPayloadTypeAndSsrc() {
        byte[] p = new byte[12];
        p[1] = (byte) (0x80 | 96);
        PublisherSide.stamp(p, 102, 0xA1B2C3D4L);
        assertThat(p[1] & 0xFF).isEqualTo(0x80 | 102);
        assertThat(p).endsWith((byte) 0xA1, (byte) 0xB2, (byte) 0xC3, (byte) 0xD4);
    }

    @Test
    void trickledCandidatesAreReadAndBadOnesIgnored() {
        assertThat(TrickledCandidate.parse(
                "{\"candidate\":\"candidate:1 1 udp 2130706431 127.0.0.1 7882 typ host\",\"sdpMid\":\"0\"}"))
                .hasValueSatisfying(c -> assertThat(c.port()).isEqualTo(7882));
        assertThat(TrickledCandidate.parse("not json")).isEmpty();
        assertThat(TrickledCandidate.parse("{\"candidate\":\"\"}")).isEmpty();
        assertThat(TrickledCandidate.parse("{\"candidate\":\"candidate:garbage\"}")).isEmpty();
        assertThat(TrickledCandidate.parse("[]")).isEmpty();
    }

    @Test
    void joinFailuresHaveAKindAndASentenceForTheScreen() {
        assertThat(JoinFailure.of(new dev.salle.rtc.client.RoomJoinException(
                dev.salle.rtc.client.RoomJoinException.Failure.DENIED, "host said no")))
                .isEqualTo(new JoinFailure("denied", "The host did not let this room in."));
        assertThat(JoinFailure.of(new dev.salle.rtc.client.SignalConnectException(
                dev.salle.rtc.client.SignalConnectException.Reason.UNAUTHORIZED, "401: token expired", null)).kind())
                .isEqualTo("signal-unauthorized");
        assertThat(JoinFailure.of(new IllegalStateException("boom")).message()).isEqualTo("Joining failed: boom");
    }
}

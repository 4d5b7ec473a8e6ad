package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.signal.SignalFixture.Joined;
import dev.salle.rtc.token.PublishSource;
import dev.salle.rtc.token.VideoGrant;
import java.util.Set;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc.AddTrackRequest;
import livekit.LivekitRtc.MuteTrackRequest;
import livekit.LivekitRtc.RequestResponse;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignallingTracksTest {

    private final SignalFixture f = new SignalFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    private static SignalRequest camera(String cid) {
        return SignalRequest.newBuilder().setAddTrack(AddTrackRequest.newBuilder().setCid(cid).setName("cam")
                .setType(TrackType.VIDEO).setSource(TrackSource.CAMERA).setWidth(1280).setHeight(720)).build();
    }

    @Test
    void addTrackIsAnsweredWithTrackPublishedAndTheOthersSeeTheTrack() {
        Joined viewer = f.join("viewer");
        Joined publisher = f.join("publisher");
        viewer.client().await(MessageCase.UPDATE);

        publisher.client().send(camera("cid-1"));

        SignalResponse published = publisher.client().await(MessageCase.TRACK_PUBLISHED);
        assertThat(published.getTrackPublished().getCid()).isEqualTo("cid-1");
        TrackInfo track = published.getTrackPublished().getTrack();
        assertThat(track.getSid()).matches("TR_[0-9A-Za-z]{12}");
        assertThat(track.getType()).isEqualTo(TrackType.VIDEO);
        assertThat(track.getSource()).isEqualTo(TrackSource.CAMERA);
        assertThat(track.getName()).isEqualTo("cam");
        assertThat(track.getWidth()).isEqualTo(1280);
        assertThat(track.getHeight()).isEqualTo(720);
        assertThat(track.getMimeType()).isEmpty();
        ParticipantInfo seen = viewer.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0);
        assertThat(seen.getSid()).isEqualTo(publisher.sid());
        assertThat(seen.getTracksList()).extracting(TrackInfo::getSid).containsExactly(track.getSid());
    }

    @Test
    void aTokenWithoutCanPublishGetsARefusalAndNoTrack() {
        Joined viewer = f.join("viewer");
        Joined listener = f.join("listener", VideoGrant.joinRoom(SignalFixture.ROOM).withCanPublish(false));
        viewer.client().await(MessageCase.UPDATE);

        listener.client().send(camera("cid-1"));
        listener.client().send(SignalRequest.newBuilder().setPing(1).build());

        RequestResponse refusal = listener.client().await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
        assertThat(refusal.getReason()).isEqualTo(RequestResponse.Reason.NOT_ALLOWED);
        assertThat(refusal.getMessage()).contains("canPublish");
        assertThat(refusal.getAddTrack().getCid()).isEqualTo("cid-1");
        listener.client().await(MessageCase.PONG);
        assertThat(listener.client().drain()).extracting(SignalResponse::getMessageCase)
                .doesNotContain(MessageCase.TRACK_PUBLISHED);
        // a ping through the viewer's socket proves nothing about the listener reached it before
        viewer.client().send(SignalRequest.newBuilder().setPing(1).build());
        viewer.client().await(MessageCase.PONG);
        assertThat(viewer.client().drain()).extracting(SignalResponse::getMessageCase)
                .doesNotContain(MessageCase.UPDATE);
    }

    @Test
    void aSourceOutsideCanPublishSourcesIsRefused() {
        Joined mic = f.join("mic-only", VideoGrant.joinRoom(SignalFixture.ROOM)
                .withCanPublishSources(Set.of(PublishSource.MICROPHONE)));

        mic.client().send(camera("cid-cam"));

        RequestResponse refusal = mic.client().await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
        assertThat(refusal.getReason()).isEqualTo(RequestResponse.Reason.NOT_ALLOWED);
        assertThat(refusal.getMessage()).contains("CAMERA").contains("canPublishSources");
    }

    @Test
    void muteChangesTheTrackAndEveryoneIsTold() {
        Joined viewer = f.join("viewer");
        Joined publisher = f.join("publisher");
        viewer.client().await(MessageCase.UPDATE);
        publisher.client().send(camera("cid-1"));
        String sid = publisher.client().await(MessageCase.TRACK_PUBLISHED).getTrackPublished().getTrack().getSid();
        viewer.client().await(MessageCase.UPDATE);

        publisher.client().send(SignalRequest.newBuilder().setMute(MuteTrackRequest.newBuilder().setSid(sid)
                .setMuted(true)).build());

        for (SignalClient c : new SignalClient[] {viewer.client(), publisher.client()}) {
            ParticipantInfo info = c.await(MessageCase.UPDATE).getUpdate().getParticipants(0);
            assertThat(info.getSid()).isEqualTo(publisher.sid());
            assertThat(info.getTracks(0).getMuted()).isTrue();
        }
    }

    @Test
    void mutingATrackOfSomeoneElseIsRefusedAsNotFound() {
        Joined publisher = f.join("publisher");
        Joined other = f.join("other");
        publisher.client().send(camera("cid-1"));
        String sid = publisher.client().await(MessageCase.TRACK_PUBLISHED).getTrackPublished().getTrack().getSid();

        other.client().send(SignalRequest.newBuilder().setMute(MuteTrackRequest.newBuilder().setSid(sid)
                .setMuted(true)).build());

        RequestResponse refusal = other.client().await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
        assertThat(refusal.getReason()).isEqualTo(RequestResponse.Reason.NOT_FOUND);
    }

    @Test
    void anUnusableOfferClosesOnlyThatParticipantWithTheReason() {
        Joined alice = f.join("alice");
        Joined bob = f.join("bob");

        alice.client().send(SignalRequest.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer")
                .setSdp("v=0\r\n")).build());

        SignalClient.Closed closed = alice.client().awaitClosed();
        assertThat(closed.code()).isEqualTo(1007);
        assertThat(closed.reason()).contains("bad offer");
        bob.client().send(SignalRequest.newBuilder().setPing(9).build());
        bob.client().await(MessageCase.PONG);
        SignalClient.assertOpen(bob.client());
        assertThat(f.metrics()).contains("salle_bridge_signal_rejected_frames_total{reason=\"bad_sdp\"} 1");
    }

    @Test
    void aLargeOfferWithinTheConfiguredLimitIsAnswered() {
        Joined alice = f.join("alice");
        String sdp = audioOffer() + "a=x-padding:0123456789abcdef\r\n".repeat(200 * 1024 / 32);

        alice.client().send(SignalRequest.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer")
                .setSdp(sdp).setId(7)).build());

        SessionDescription answer = alice.client().await(MessageCase.ANSWER).getAnswer();
        assertThat(answer.getType()).isEqualTo("answer");
        assertThat(answer.getId()).isEqualTo(7);
        assertThat(answer.getSdp()).contains("a=ice-lite").contains("a=setup:passive").contains("opus/48000/2");
        SignalClient.assertOpen(alice.client());
    }

    /** A browser-like offer of one Opus section (the fingerprint is well-formed; no DTLS follows). */
    private static String audioOffer() {
        String fingerprint = String.join(":", java.util.Collections.nCopies(32, "AB"));
        return "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
                + "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijklmn\r\n"
                + "a=fingerprint:sha-256 " + fingerprint + "\r\na=setup:actpass\r\na=sendrecv\r\n"
                + "a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
    }
}

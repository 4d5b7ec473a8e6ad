package dev.salle.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SessionDescription;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadSdpTest {

    private final IceCredentials ice = IceCredentials.random(new Random(1));
    private final DtlsCertificate certificate = DtlsCertificate.generate();

    @Test
    void publisherOfferNamesTheAnnouncedTrackIdsAndSsrcs() throws Exception {
        SessionDescription offer = SessionDescription.parse(LoadSdp.publisherOffer(ice, certificate.fingerprint(),
                "pub0-microphone", 1111, "pub0-camera", 2222));

        MediaSection audio = offer.media().get(0);
        MediaSection video = offer.media().get(1);
        assertThat(offer.bundleMids()).containsExactly("0", "1");
        assertThat(audio.msid()).hasValue("load pub0-microphone");
        assertThat(video.msid()).hasValue("load pub0-camera");
        assertThat(audio.ssrcs()).first().extracting(s -> s.ssrc()).isEqualTo(1111L);
        assertThat(video.rtpMaps()).first().extracting(m -> m.encodingName()).isEqualTo("VP8");
        assertThat(offer.iceUfrag(video)).hasValue(ice.ufrag());
    }

    @Test
    void subscriberAnswerReceivesOpenSectionsAndKeepsStoppedOnesStopped() throws Exception {
        SessionDescription bridgeOffer = SessionDescription.parse(String.join("\r\n",
                "v=0", "o=- 9 2 IN IP4 10.77.0.2", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
                "m=audio 0 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0", "a=inactive",
                "a=rtpmap:111 opus/48000/2",
                "m=video 7882 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 10.77.0.2", "a=mid:1", "a=sendonly",
                "a=ice-ufrag:abcd", "a=ice-pwd:0123456789abcdefghijkl", "a=setup:actpass",
                "a=rtpmap:96 VP8/90000", "") + "\r\n");

        SessionDescription answer = SessionDescription.parse(
                LoadSdp.subscriberAnswer(bridgeOffer, ice, certificate.fingerprint()));

        assertThat(answer.media()).hasSize(2);
        assertThat(answer.media().get(0).isRejected()).isTrue();
        MediaSection video = answer.media().get(1);
        assertThat(video.isRejected()).isFalse();
        assertThat(video.attribute("setup")).hasValue("active");
        assertThat(video.hasFlag("recvonly")).isTrue();
        assertThat(video.rtpMaps()).first().extracting(m -> m.payloadType()).isEqualTo(96);
    }
}

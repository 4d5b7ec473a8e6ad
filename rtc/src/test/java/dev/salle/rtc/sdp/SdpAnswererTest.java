package dev.salle.rtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SdpAnswererTest {
  private static final Fingerprint OURS = Fingerprint.sha256(new byte[32]);
  private static final Set<String> EXTENSIONS = Set.of(
      "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      "urn:ietf:params:rtp-hdrext:sdes:mid",
      "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
      "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");
  private static final Candidate HOST =
      Candidate.parse("candidate:1 1 udp 2130706431 10.77.0.1 7882 typ host generation 0");

  private static AnswerConfig config(Setup setup, List<LocalCodec> codecs, int sctpPort) {
    return new AnswerConfig("4242", "SfuUfrag", "SfuPasswordOfTwentyTwoChars", OURS, setup, true,
        codecs, EXTENSIONS, true, sctpPort, 65536, List.of(HOST));
  }

  private static final List<LocalCodec> PI_CODECS = List.of(LocalCodec.opus(),
      LocalCodec.audioRed(), LocalCodec.vp8(), LocalCodec.h264ConstrainedBaseline(),
      LocalCodec.videoRtx());

  private final SessionDescription offer =
      SdpFixtures.parsed(SdpFixtures.CHROME_PUBLISHER_OFFER);

  @Test
  void answerKeepsMidsOrderAndBundlesAcceptedSections() {
    SessionDescription answer =
        new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000)).answer(offer);

    assertThat(answer.media()).extracting(m -> m.mid().orElseThrow())
        .containsExactly("0", "1", "2");
    assertThat(answer.media()).extracting(MediaSection::kind)
        .containsExactly("audio", "video", "application");
    assertThat(answer.bundleMids()).containsExactly("0", "1", "2");
    assertThat(answer.isIceLite()).isTrue();
    assertThat(answer.isExtmapAllowMixed()).isTrue();
    assertThat(answer.origin().sessionId()).isEqualTo("4242");
  }

  @Test
  void everyAcceptedSectionCarriesOurTransportParameters() {
    SessionDescription answer =
        new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000)).answer(offer);

    assertThat(answer.media()).allSatisfy(m -> {
      assertThat(m.port()).isEqualTo(9);
      assertThat(m.iceUfrag()).contains("SfuUfrag");
      assertThat(m.icePwd()).contains("SfuPasswordOfTwentyTwoChars");
      assertThat(m.fingerprints()).containsExactly(OURS);
      assertThat(m.setup()).contains(Setup.PASSIVE);
      assertThat(m.candidates()).containsExactly(HOST);
      assertThat(m.isEndOfCandidates()).isTrue();
    });
  }

  @Test
  void audioAnswerKeepsOpusAndRedWithTheOfferersPayloadTypes() {
    MediaSection audio = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(offer).media().get(0);

    assertThat(audio.formats()).containsExactly("111", "63");
    assertThat(audio.direction()).isEqualTo(Direction.RECVONLY);
    assertThat(audio.isRtcpMux()).isTrue();
    assertThat(audio.isRtcpReducedSize()).isTrue();
    assertThat(audio.fmtps()).extracting(Fmtp::toValue)
        .containsExactly("111 minptime=10;stereo=0;useinbandfec=1;usedtx=1", "63 111/111");
    assertThat(audio.extMaps()).extracting(ExtMap::id).containsExactly(1, 3, 4);
    assertThat(audio.ssrcs()).isEmpty();
  }

  @Test
  void videoAnswerIntersectsCodecsAndKeepsOnlyRtxOfKeptCodecs() {
    MediaSection video = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(offer).media().get(1);

    // 102/104 are Baseline (42001f), not Constrained Baseline; 108 is packetization-mode 0
    assertThat(video.formats()).containsExactly("96", "97", "106", "107");
    assertThat(video.codecs().get(0).feedback())
        .containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    assertThat(video.codecs().get(2).parameters())
        .containsEntry("profile-level-id", "42e01f").containsEntry("packetization-mode", "1");
    assertThat(video.extMaps()).extracting(ExtMap::id).containsExactly(3, 4, 10, 11);
  }

  @Test
  void simulcastSendOfferIsAnsweredWithReceiveRids() {
    MediaSection video = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(offer).media().get(1);

    assertThat(video.rids()).extracting(Rid::id).containsExactly("q", "h", "f");
    assertThat(video.rids()).extracting(Rid::direction).containsOnly(Direction.RECVONLY);
    assertThat(video.attribute("simulcast")).contains("recv q;h;f");
  }

  @Test
  void videoRedAndUlpfecAreKeptWhenSupportedTogetherWithTheirRtx() {
    List<LocalCodec> codecs = List.of(LocalCodec.vp8(), LocalCodec.videoRtx(),
        new LocalCodec("video", "red", 90000, 0, java.util.Map.of(), Set.of()),
        new LocalCodec("video", "ulpfec", 90000, 0, java.util.Map.of(), Set.of()));

    MediaSection video = new SdpAnswerer(config(Setup.PASSIVE, codecs, 5000))
        .answer(offer).media().get(1);

    assertThat(video.formats()).containsExactly("96", "97", "114", "115", "116");
  }

  @Test
  void sectionWithoutCommonCodecIsRejectedWithPortZeroAndLeftOutOfBundle() {
    SessionDescription answer = new SdpAnswerer(
        config(Setup.ACTIVE, List.of(LocalCodec.opus()), 0)).answer(offer);

    assertThat(answer.media()).extracting(MediaSection::port).containsExactly(9, 0, 0);
    assertThat(answer.media().get(1).direction()).isEqualTo(Direction.INACTIVE);
    assertThat(answer.media().get(1).mid()).contains("1");
    assertThat(answer.bundleMids()).containsExactly("0");
    assertThat(answer.media().get(0).setup()).contains(Setup.ACTIVE);
  }

  @Test
  void dataChannelSectionGetsOurSctpPortAndMessageSize() {
    MediaSection data = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(offer).media().get(2);

    assertThat(data.formats()).containsExactly("webrtc-datachannel");
    assertThat(data.sctpPort()).contains(5000);
    assertThat(data.maxMessageSize()).contains(65536L);
  }

  @Test
  void sectionWithoutRtcpMuxIsRejected() throws Exception {
    String text = offer.toSdp().replace("a=rtcp-mux\r\n", "");

    SessionDescription answer = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(SdpParser.parse(text));

    assertThat(answer.media()).extracting(MediaSection::port).containsExactly(0, 0, 9);
  }

  @Test
  void offerThatFixesTheDtlsRoleGetsTheOppositeRole() throws Exception {
    String text = offer.toSdp().replace("a=setup:actpass", "a=setup:passive");

    SessionDescription answer = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(SdpParser.parse(text));

    assertThat(answer.media()).extracting(m -> m.setup().orElseThrow()).containsOnly(Setup.ACTIVE);
  }

  @Test
  void bundleOnlySectionWithPortZeroIsAccepted() throws Exception {
    String text = offer.toSdp().replace("m=video 9 ", "m=video 0 ")
        .replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n");

    SessionDescription answer = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(SdpParser.parse(text));

    assertThat(answer.media().get(1).port()).isEqualTo(9);
    assertThat(answer.bundleMids()).containsExactly("0", "1", "2");
  }

  @Test
  void sectionRejectedInTheOfferStaysRejected() throws Exception {
    String text = offer.toSdp().replace("m=video 9 ", "m=video 0 ");

    SessionDescription answer = new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000))
        .answer(SdpParser.parse(text));

    assertThat(answer.media().get(1).port()).isZero();
    assertThat(answer.bundleMids()).containsExactly("0", "2");
  }

  @Test
  void answerTextParsesBackToTheSameModel() throws Exception {
    SessionDescription answer =
        new SdpAnswerer(config(Setup.PASSIVE, PI_CODECS, 5000)).answer(offer);

    assertThat(SdpParser.parse(answer.toSdp())).isEqualTo(answer);
  }

  @Test
  void answerConfigRefusesActpassBecauseAnAnswerMustChooseARole() {
    assertThatThrownBy(() -> config(Setup.ACTPASS, PI_CODECS, 5000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ACTPASS").hasMessageContaining("ACTIVE or PASSIVE");
  }

  @Test
  void answerConfigRefusesAShortIcePassword() {
    assertThatThrownBy(() -> new AnswerConfig("1", "abcd", "short", OURS, Setup.PASSIVE, false,
        PI_CODECS, EXTENSIONS, true, 5000, 65536, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("22 to 256");
  }
}

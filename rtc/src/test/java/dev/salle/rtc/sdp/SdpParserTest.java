package dev.salle.rtc.sdp;

import static dev.salle.rtc.sdp.SdpFixtures.CHROME_PUBLISHER_OFFER;
import static dev.salle.rtc.sdp.SdpFixtures.LIVEKIT_SUBSCRIBER_OFFER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SdpParserTest {

  @ParameterizedTest
  @ValueSource(strings = {CHROME_PUBLISHER_OFFER, LIVEKIT_SUBSCRIBER_OFFER})
  void writingAParsedBrowserDescriptionGivesBackTheSameText(String fixture) throws Exception {
    String original = SdpFixtures.text(fixture);

    String written = SdpParser.parse(original).toSdp();

    assertThat(written).isEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {CHROME_PUBLISHER_OFFER, LIVEKIT_SUBSCRIBER_OFFER})
  void parsingLfOnlyTextGivesTheSameModelAsCrlf(String fixture) throws Exception {
    String crlf = SdpFixtures.text(fixture);

    SessionDescription fromLf = SdpParser.parse(crlf.replace("\r\n", "\n"));

    assertThat(fromLf).isEqualTo(SdpParser.parse(crlf));
  }

  @Test
  void chromeOfferExposesSessionLevelAttributes() {
    SessionDescription sdp = SdpFixtures.parsed(CHROME_PUBLISHER_OFFER);

    assertThat(sdp.origin().sessionId()).isEqualTo("6403412389743021845");
    assertThat(sdp.origin().sessionVersion()).isEqualTo("2");
    assertThat(sdp.bundleMids()).containsExactly("0", "1", "2");
    assertThat(sdp.isExtmapAllowMixed()).isTrue();
    assertThat(sdp.msidSemantic()).contains("WMS 3b1c0e9a-5d2f-4f6e-9a8b-7c6d5e4f3a2b");
    assertThat(sdp.isIceLite()).isFalse();
    assertThat(sdp.media()).extracting(MediaSection::kind)
        .containsExactly("audio", "video", "application");
  }

  @Test
  void chromeOfferAudioSectionHasTransportAndCodecs() {
    MediaSection audio = SdpFixtures.parsed(CHROME_PUBLISHER_OFFER).media().get(0);

    assertThat(audio.port()).isEqualTo(9);
    assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
    assertThat(audio.connection()).isEqualTo(Connection.UNSPECIFIED);
    assertThat(audio.mid()).contains("0");
    assertThat(audio.iceUfrag()).contains("Hq7v");
    assertThat(audio.icePwd()).contains("r3Jb9nVxQm2cK8sLp5TzWy0e");
    assertThat(audio.iceOptions()).containsExactly("trickle");
    assertThat(audio.setup()).contains(Setup.ACTPASS);
    assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(audio.isRtcpMux()).isTrue();
    assertThat(audio.isRtcpReducedSize()).isTrue();
    assertThat(audio.fingerprints()).singleElement().satisfies(fp -> {
      assertThat(fp.hashFunction()).isEqualTo("sha-256");
      assertThat(fp.bytes()).hasSize(32).startsWith((byte) 0xA5, (byte) 0x4D);
    });
    assertThat(audio.payloadTypes("opus")).containsExactly(111);
    assertThat(audio.payloadTypes("red")).containsExactly(63);
    Codec opus = audio.codecs().get(0);
    assertThat(opus.rtpMap()).isEqualTo(new RtpMap(111, "opus", 48000, 2));
    assertThat(opus.parameters()).containsEntry("useinbandfec", "1").containsEntry("minptime", "10");
    assertThat(opus.feedback()).containsExactly("transport-cc");
    assertThat(audio.codecs().get(1).redundantPayloadTypes()).containsExactly(111, 111);
    assertThat(audio.extMaps()).extracting(ExtMap::id).containsExactly(1, 2, 3, 4);
    assertThat(audio.ssrcs()).extracting(SsrcAttribute::name).containsExactly("cname", "msid");
    assertThat(audio.ssrcs().get(0).ssrc()).isEqualTo(2804611987L);
  }

  @Test
  void chromeOfferVideoSectionHasRtxSimulcastAndH264Variants() {
    MediaSection video = SdpFixtures.parsed(CHROME_PUBLISHER_OFFER).media().get(1);

    assertThat(video.payloadTypes("VP8")).containsExactly(96);
    assertThat(video.payloadTypes("vp9")).containsExactly(98, 100);
    assertThat(video.payloadTypes("AV1")).containsExactly(45);
    assertThat(video.payloadTypes("ulpfec")).containsExactly(116);
    List<Codec> h264 = video.codecs().stream().filter(c -> c.isNamed("H264")).toList();
    assertThat(h264).extracting(Codec::payloadType).containsExactly(102, 104, 106, 108);
    assertThat(h264).extracting(Codec::h264PacketizationMode).containsExactly(1, 0, 1, 0);
    assertThat(h264.get(2).h264ProfileLevelId()).contains(H264ProfileLevelId.CONSTRAINED_BASELINE_3_1);
    Codec rtxForVp8 = video.codecs().stream().filter(c -> c.payloadType() == 97).findFirst()
        .orElseThrow();
    assertThat(rtxForVp8.associatedPayloadType()).contains(96);
    assertThat(video.codecs().get(0).feedback())
        .containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    assertThat(video.rids()).extracting(Rid::id).containsExactly("q", "h", "f");
    assertThat(video.rids()).extracting(Rid::direction).containsOnly(Direction.SENDONLY);
    assertThat(video.simulcast()).contains(
        new Simulcast(List.of(List.of("q"), List.of("h"), List.of("f")), List.of()));
    assertThat(video.msid()).contains(
        "3b1c0e9a-5d2f-4f6e-9a8b-7c6d5e4f3a2b 5a6b7c8d-9e0f-4a1b-2c3d-4e5f6a7b8c9d");
  }

  @Test
  void chromeOfferDataChannelSectionHasSctpPortAndMessageSize() {
    MediaSection data = SdpFixtures.parsed(CHROME_PUBLISHER_OFFER).media().get(2);

    assertThat(data.isRtp()).isFalse();
    assertThat(data.formats()).containsExactly("webrtc-datachannel");
    assertThat(data.sctpPort()).contains(5000);
    assertThat(data.maxMessageSize()).contains(262144L);
    assertThat(data.codecs()).isEmpty();
  }

  @Test
  void livekitOfferHasIceLiteCandidatesAndFidGroups() {
    SessionDescription sdp = SdpFixtures.parsed(LIVEKIT_SUBSCRIBER_OFFER);
    MediaSection audio = sdp.media().get(0);
    MediaSection video = sdp.media().get(1);

    assertThat(sdp.isIceLite()).isTrue();
    assertThat(sdp.msidSemantic()).contains("WMS*");
    assertThat(audio.fingerprints()).isEmpty();
    assertThat(sdp.fingerprints(audio)).singleElement()
        .extracting(Fingerprint::hex).asString().startsWith("34:60:BE");
    assertThat(audio.candidates()).hasSize(3);
    assertThat(audio.candidates().get(1)).satisfies(c -> {
      assertThat(c.type()).isEqualTo("srflx");
      assertThat(c.relatedAddress()).isEqualTo("192.168.10.20");
      assertThat(c.relatedPort()).isEqualTo(7882);
    });
    assertThat(audio.candidates().get(2).extensions()).containsEntry("tcptype", "passive");
    assertThat(audio.isEndOfCandidates()).isTrue();
    assertThat(video.ssrcGroups()).containsExactly(
        new SsrcGroup("FID", List.of(3390745551L, 902147720L)));
  }

  @Test
  void unknownAttributesKeepTheirPositionAfterARoundTrip() throws Exception {
    SessionDescription sdp = SdpFixtures.parsed(LIVEKIT_SUBSCRIBER_OFFER);
    List<Attribute> attrs = sdp.media().get(1).attributes();

    int flag = attrs.indexOf(Attribute.of("x-google-flag", "conference"));

    assertThat(flag).isEqualTo(attrs.size() - 2);
    assertThat(SdpParser.parse(sdp.toSdp()).media().get(1).attributes()).isEqualTo(attrs);
  }

  @Test
  void tolerantParsingAcceptsBlankLinesAndTrailingSpaces() throws Exception {
    String text = "v=0\n\no=- 1 1 IN IP4 127.0.0.1  \ns=-\nt=0 0\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\nc=IN IP4 0.0.0.0\na=mid:a\n"
        + "a=fmtp:111 minptime=10; useinbandfec=1\nb=AS:64\n";

    SessionDescription sdp = SdpParser.parse(text);

    assertThat(sdp.media()).singleElement().satisfies(m -> {
      assertThat(m.mid()).contains("a");
      assertThat(m.otherLines()).containsExactly("b=AS:64");
      assertThat(m.fmtps().get(0).parameters())
          .isEqualTo(Map.of("minptime", "10", "useinbandfec", "1"));
      assertThat(m.direction()).isEqualTo(Direction.SENDRECV);
    });
  }

  @Test
  void sectionLookupByMidFindsTheRightSection() {
    SessionDescription sdp = SdpFixtures.parsed(CHROME_PUBLISHER_OFFER);

    assertThat(sdp.section("1")).get().extracting(MediaSection::kind).isEqualTo("video");
    assertThat(sdp.section("7")).isEmpty();
  }
}

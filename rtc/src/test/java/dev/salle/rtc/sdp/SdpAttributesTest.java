package dev.salle.rtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpAttributesTest {

  @Test
  void fmtpKeepsParameterOrderAndWritesItBack() {
    Fmtp fmtp = Fmtp.parse("102 level-asymmetry-allowed=1;packetization-mode=1;"
        + "profile-level-id=42e01f");

    assertThat(fmtp.parameters().keySet())
        .containsExactly("level-asymmetry-allowed", "packetization-mode", "profile-level-id");
    assertThat(fmtp.toValue()).isEqualTo(
        "102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
  }

  @Test
  void rtpmapWithoutChannelsHasZeroChannels() {
    assertThat(RtpMap.parse("96 VP8/90000")).isEqualTo(new RtpMap(96, "VP8", 90000, 0));
    assertThat(RtpMap.parse("111 opus/48000/2").toValue()).isEqualTo("111 opus/48000/2");
  }

  @Test
  void rtpmapWithoutClockRateIsRejected() {
    assertThatThrownBy(() -> RtpMap.parse("96 VP8"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock-rate");
  }

  @Test
  void wildcardFeedbackAppliesToEveryPayloadType() throws Exception {
    SessionDescription sdp = SdpParser.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
        + "t=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 98\r\na=mid:v\r\na=rtcp-mux\r\n"
        + "a=rtpmap:96 VP8/90000\r\na=rtpmap:98 VP9/90000\r\na=rtcp-fb:* nack\r\n");

    assertThat(sdp.media().get(0).codecs()).allSatisfy(c ->
        assertThat(c.feedback()).containsExactly("nack"));
    assertThat(RtcpFeedback.parse("* nack").toValue()).isEqualTo("* nack");
  }

  @Test
  void extmapWithDirectionAndAttributesRoundTrips() {
    ExtMap e = ExtMap.parse("5/recvonly urn:example:ext some-attr");

    assertThat(e).isEqualTo(new ExtMap(5, "recvonly", "urn:example:ext", "some-attr"));
    assertThat(e.toValue()).isEqualTo("5/recvonly urn:example:ext some-attr");
  }

  @Test
  void extmapIdZeroIsRejected() {
    assertThatThrownBy(() -> ExtMap.parse("0 urn:x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..255");
  }

  @Test
  void simulcastWithAlternativesAndBothDirectionsRoundTrips() {
    Simulcast s = Simulcast.parse("send 1,~4;2;3 recv c");

    assertThat(s.send()).containsExactly(List.of("1", "~4"), List.of("2"), List.of("3"));
    assertThat(s.recv()).containsExactly(List.of("c"));
    assertThat(s.toValue()).isEqualTo("send 1,~4;2;3 recv c");
  }

  @Test
  void ridWithRestrictionsKeepsThem() {
    Rid rid = Rid.parse("f send max-width=1280;max-height=720");

    assertThat(rid.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(rid.restrictions()).isEqualTo("max-width=1280;max-height=720");
    assertThat(rid.toValue()).isEqualTo("f send max-width=1280;max-height=720");
  }

  @Test
  void directionsReverseAndIntersectAsOfferAnswerRequires() {
    assertThat(Direction.SENDONLY.reversed()).isEqualTo(Direction.RECVONLY);
    assertThat(Direction.SENDRECV.reversed()).isEqualTo(Direction.SENDRECV);
    assertThat(Direction.SENDRECV.intersect(Direction.RECVONLY)).isEqualTo(Direction.RECVONLY);
    assertThat(Direction.SENDONLY.intersect(Direction.RECVONLY)).isEqualTo(Direction.INACTIVE);
  }

  @Test
  void fingerprintIsNormalisedToUpperCaseHex() {
    Fingerprint fp = Fingerprint.parse("SHA-256 " + "ab:".repeat(31) + "ab");

    assertThat(fp.hashFunction()).isEqualTo("sha-256");
    assertThat(fp.hex()).startsWith("AB:AB");
    assertThat(fp.bytes()).hasSize(32);
  }

  @Test
  void fingerprintWithBadHexIsRejected() {
    assertThatThrownBy(() -> Fingerprint.parse("sha-256 XY:ZZ"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'XY:ZZ'");
  }

  @Test
  void ssrcGroupAndSsrcAttributesParse() {
    assertThat(SsrcGroup.parse("SIM 1 2 3").ssrcs()).containsExactly(1L, 2L, 3L);
    assertThat(SsrcAttribute.parse("4294967295 cname:abc"))
        .isEqualTo(new SsrcAttribute(4294967295L, "cname", "abc"));
    assertThatThrownBy(() -> SsrcAttribute.parse("4294967296 cname:x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
  }

  @Test
  void codecHelpersFindPayloadTypesByNameClockAndChannelsAndRtx() {
    MediaSection video = SdpFixtures.parsed(SdpFixtures.CHROME_PUBLISHER_OFFER).media().get(1);
    MediaSection audio = SdpFixtures.parsed(SdpFixtures.CHROME_PUBLISHER_OFFER).media().get(0);

    assertThat(audio.payloadTypes("opus", 48000, 2)).containsExactly(111);
    assertThat(audio.payloadTypes("telephone-event", 8000, 0)).containsExactly(126);
    assertThat(audio.payloadTypes("PCMU", 8000, 1)).containsExactly(0);
    assertThat(video.rtxFor(106)).contains(107);
    assertThat(video.rtxFor(114)).contains(115);
    assertThat(video.rtxFor(116)).isEmpty();
    assertThat(video.codec(45)).get().extracting(Codec::name).isEqualTo("AV1");
  }

  @Test
  void rtpSectionWithNonNumericFormatCannotBeBuilt() {
    assertThatThrownBy(() -> new MediaSection("audio", 9, 0, "UDP/TLS/RTP/SAVPF",
        List.of("opus"), null, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opus'");
  }
}

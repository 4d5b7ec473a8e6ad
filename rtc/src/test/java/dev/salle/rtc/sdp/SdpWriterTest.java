package dev.salle.rtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpWriterTest {

  @Test
  void handBuiltDescriptionIsWrittenInRfcOrderWithCrlf() {
    MediaSection audio = new MediaSection("audio", 9, 0, "UDP/TLS/RTP/SAVPF", List.of("111"),
        Connection.UNSPECIFIED, List.of("b=AS:64", "i=microphone"), List.of(
            Attribute.of("mid", "0"), Attribute.flag("recvonly"), Attribute.flag("rtcp-mux"),
            Attribute.of("rtpmap", "111 opus/48000/2")));
    SessionDescription sdp = new SessionDescription(Origin.of("42", 2), "-", "0 0",
        List.of(), List.of(Attribute.of("group", "BUNDLE 0")), List.of(audio));

    assertThat(sdp.toSdp()).isEqualTo("v=0\r\n"
        + "o=- 42 2 IN IP4 127.0.0.1\r\n"
        + "s=-\r\n"
        + "t=0 0\r\n"
        + "a=group:BUNDLE 0\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
        + "i=microphone\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "b=AS:64\r\n"
        + "a=mid:0\r\n"
        + "a=recvonly\r\n"
        + "a=rtcp-mux\r\n"
        + "a=rtpmap:111 opus/48000/2\r\n");
  }

  @Test
  void malformedOriginIsAMalformedLine() {
    assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1\r\ns=-\r\nt=0 0\r\n"))
        .isInstanceOfSatisfying(SdpParseException.class, e -> {
          assertThat(e.reason()).isEqualTo(SdpParseException.Reason.MALFORMED_LINE);
          assertThat(e.lineNumber()).isEqualTo(2);
        })
        .hasMessageContaining("o= needs 6 fields");
  }

  @Test
  void attributeNamesWithSpacesAreRefused() {
    assertThatThrownBy(() -> Attribute.flag("two words"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'two words'");
  }
}

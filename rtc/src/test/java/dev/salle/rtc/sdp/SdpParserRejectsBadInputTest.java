package dev.salle.rtc.sdp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.sdp.SdpParseException.Reason;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class SdpParserRejectsBadInputTest {
  private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  private static final String AUDIO =
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";

  private static AbstractThrowableAssert<?, ? extends Throwable> rejects(
      String text, Reason reason, int line) {
    return assertThatThrownBy(() -> SdpParser.parse(text))
        .isInstanceOfSatisfying(SdpParseException.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason);
          org.assertj.core.api.Assertions.assertThat(e.lineNumber()).isEqualTo(line);
        });
  }

  @Test
  void missingVersionLineIsRejectedAtLineOne() {
    rejects("o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", Reason.MISSING_VERSION, 1)
        .hasMessageContaining("v=0");
  }

  @Test
  void emptyTextIsRejected() {
    rejects("  \r\n", Reason.EMPTY, 0);
  }

  @Test
  void lineWithoutEqualsIsRejectedWithItsNumber() {
    rejects(HEAD + AUDIO + "a=rtcp-mux\r\ngarbage here\r\n", Reason.LINE_WITHOUT_EQUALS, 9)
        .hasMessageContaining("garbage here");
  }

  @Test
  void lineWithEqualsInTheWrongPlaceIsMalformed() {
    rejects(HEAD + "ab=cd\r\n", Reason.MALFORMED_LINE, 5);
  }

  @Test
  void nonNumericPortIsRejected() {
    rejects(HEAD + "m=audio nine UDP/TLS/RTP/SAVPF 111\r\n", Reason.BAD_NUMBER, 5)
        .hasMessageContaining("'nine'");
  }

  @Test
  void portAboveSixteenBitsIsRejected() {
    rejects(HEAD + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", Reason.BAD_NUMBER, 5)
        .hasMessageContaining("70000");
  }

  @Test
  void nonNumericPayloadTypeOnAnRtpMediaLineIsRejected() {
    rejects(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 vp8\r\n", Reason.BAD_NUMBER, 5)
        .hasMessageContaining("'vp8'");
  }

  @Test
  void payloadTypeAbove127IsRejected() {
    rejects(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 128\r\n", Reason.BAD_NUMBER, 5);
  }

  @Test
  void malformedRtpmapIsRejectedWithItsLine() {
    rejects(HEAD + AUDIO + "a=rtpmap:abc opus/48000/2\r\n", Reason.BAD_ATTRIBUTE, 8)
        .hasMessageContaining("rtpmap payload type 'abc'");
  }

  @Test
  void malformedCandidateIsRejected() {
    rejects(HEAD + AUDIO + "a=candidate:1 1 udp high 10.0.0.1 9 typ host\r\n",
        Reason.BAD_ATTRIBUTE, 8).hasMessageContaining("priority 'high'");
  }

  @Test
  void fingerprintOfTheWrongLengthIsRejected() {
    rejects(HEAD + AUDIO + "a=fingerprint:sha-256 AB:CD\r\n", Reason.BAD_ATTRIBUTE, 8)
        .hasMessageContaining("expected 32");
  }

  @Test
  void unknownSetupRoleIsRejected() {
    rejects(HEAD + AUDIO + "a=setup:sometimes\r\n", Reason.BAD_ATTRIBUTE, 8)
        .hasMessageContaining("sometimes");
  }

  @Test
  void duplicateMidIsRejectedAtTheSecondOccurrence() {
    rejects(HEAD + AUDIO + AUDIO, Reason.DUPLICATE_MID, 10).hasMessageContaining("mid '0'");
  }

  @Test
  void missingTimingLineIsReportedAtTheFirstMediaLine() {
    rejects("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n" + AUDIO, Reason.MISSING_TIMING, 4);
  }

  @Test
  void missingOriginIsReported() {
    rejects("v=0\r\ns=-\r\nt=0 0\r\n", Reason.MISSING_ORIGIN, 4);
  }

  @Test
  void mediaLineWithoutFormatsIsMalformed() {
    rejects(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", Reason.MALFORMED_LINE, 5);
  }

  @Test
  void sessionLineInsideMediaSectionIsMalformed() {
    rejects(HEAD + AUDIO + "o=- 1 2 IN IP4 127.0.0.1\r\n", Reason.MALFORMED_LINE, 8);
  }

  @Test
  void textAboveTheSizeLimitIsRejectedBeforeParsing() {
    StringBuilder big = new StringBuilder(HEAD + AUDIO);
    while (big.length() <= SdpParser.MAX_SDP_CHARS) {
      big.append("a=x-padding:0123456789abcdef0123456789abcdef\r\n");
    }

    rejects(big.toString(), Reason.TOO_LARGE, 0).hasMessageContaining("262144");
  }

  @Test
  void textJustBelowTheSizeLimitIsAccepted() throws Exception {
    StringBuilder big = new StringBuilder(HEAD + AUDIO);
    String pad = "a=x-padding:0123456789abcdef0123456789abcdef\r\n";
    while (big.length() + pad.length() <= SdpParser.MAX_SDP_CHARS) {
      big.append(pad);
    }

    org.assertj.core.api.Assertions.assertThat(SdpParser.parse(big.toString()).media())
        .hasSize(1);
  }
}

package dev.salle.rtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CandidateTest {

  @Test
  void chromeHostCandidateParsesAllFields() {
    Candidate c = Candidate.parse("candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ "
        + "host generation 0 ufrag Hq7v network-id 1 network-cost 10");

    assertThat(c.foundation()).isEqualTo("842163049");
    assertThat(c.component()).isEqualTo(1);
    assertThat(c.transport()).isEqualTo("udp");
    assertThat(c.priority()).isEqualTo(1677729535L);
    assertThat(c.address()).isEqualTo("192.0.2.10");
    assertThat(c.port()).isEqualTo(54321);
    assertThat(c.type()).isEqualTo("host");
    assertThat(c.generation()).isEqualTo(0);
    assertThat(c.ufrag()).isEqualTo("Hq7v");
    assertThat(c.extensions()).containsExactly(
        java.util.Map.entry("network-id", "1"), java.util.Map.entry("network-cost", "10"));
  }

  @Test
  void relayCandidateKeepsRelatedAddressAndPort() {
    Candidate c = Candidate.parse(
        "a=candidate:3 1 udp 41885439 198.51.100.4 3478 typ relay raddr 0.0.0.0 rport 0");

    assertThat(c.type()).isEqualTo("relay");
    assertThat(c.relatedAddress()).isEqualTo("0.0.0.0");
    assertThat(c.relatedPort()).isZero();
    assertThat(c.generation()).isNull();
  }

  @Test
  void writingACandidateGivesChromesFieldOrder() {
    String text = "4 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active generation 0 "
        + "ufrag Hq7v network-id 1";

    assertThat(Candidate.parse(text).toValue()).isEqualTo(text);
  }

  @Test
  void trickleStringParsesBackToTheSameCandidate() {
    Candidate c = Candidate.parse("candidate:7 1 udp 2130706431 10.77.0.1 7882 typ host");

    assertThat(c.toTrickleString())
        .isEqualTo("candidate:7 1 udp 2130706431 10.77.0.1 7882 typ host");
    assertThat(Candidate.parse(c.toTrickleString())).isEqualTo(c);
  }

  @Test
  void mdnsHostnameIsAcceptedAsAddress() {
    Candidate c = Candidate.parse("candidate:5 1 udp 2122260223 "
        + "0f3c7a9e-1d2b-4c5d-8e6f-7a8b9c0d1e2f.local 61000 typ host generation 0");

    assertThat(c.address()).endsWith(".local");
  }

  @Test
  void candidateWithoutTypKeywordIsRejected() {
    assertThatThrownBy(() -> Candidate.parse("candidate:1 1 udp 1 10.0.0.1 9 host"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typ <type>");
  }

  @Test
  void candidatePortOutOfRangeIsRejected() {
    assertThatThrownBy(() -> Candidate.parse("candidate:1 1 udp 1 10.0.0.1 65536 typ host"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
  }

  @Test
  void danglingExtensionNameIsRejected() {
    assertThatThrownBy(() -> Candidate.parse("candidate:1 1 udp 1 10.0.0.1 9 typ host ufrag"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a value");
  }
}

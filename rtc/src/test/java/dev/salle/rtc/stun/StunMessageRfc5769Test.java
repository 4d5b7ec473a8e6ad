package dev.salle.rtc.stun;

import static dev.salle.rtc.stun.Rfc5769.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.stun.StunFormatException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StunMessageRfc5769Test {

    @Test
    void sampleRequestExposesItsIceAttributes() throws Exception {
        StunMessage request = StunMessage.parse(hex(Rfc5769.REQUEST));

        assertThat(request.stunClass()).isEqualTo(StunClass.REQUEST);
        assertThat(request.method()).isEqualTo(StunMethods.BINDING);
        assertThat(request.transactionId()).isEqualTo(Rfc5769.TRANSACTION_ID);
        assertThat(request.software()).contains("STUN test client");
        assertThat(request.username()).contains("evtj:h6vY");
        assertThat(request.localUfrag()).contains("evtj");
        assertThat(request.priority()).hasValue(0x6e0001ffL);
        assertThat(request.iceControlled()).hasValue(0x932ff9b151263b36L);
        assertThat(request.iceControlling()).isEmpty();
        assertThat(request.useCandidate()).isFalse();
        assertThat(request.unknownComprehensionRequired()).isEmpty();
    }

    @Test
    void sampleRequestPassesIntegrityWithTheRfcPasswordAndFingerprint() throws Exception {
        StunMessage request = StunMessage.parse(hex(Rfc5769.REQUEST));

        assertThatCode(() -> request.verifyIntegrity(Rfc5769.PASSWORD)).doesNotThrowAnyException();
        assertThatCode(request::verifyFingerprint).doesNotThrowAnyException();
    }

    @Test
    void sampleRequestFailsIntegrityWithAnotherPassword() throws Exception {
        StunMessage request = StunMessage.parse(hex(Rfc5769.REQUEST));

        assertThatThrownBy(() -> request.verifyIntegrity("VOkJxbRl1RmTxUk/WvJxBT".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(StunFormatException.class).hasMessageContaining("evtj:h6vY")
            .extracting(e -> ((StunFormatException) e).reason()).isEqualTo(Reason.BAD_INTEGRITY);
    }

    @Test
    void sampleIpv4ResponseCarriesItsXorMappedAddress() throws Exception {
        StunMessage response = StunMessage.parse(hex(Rfc5769.IPV4_RESPONSE));

        assertThat(response.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(response.software()).contains("test vector");
        assertThat(response.xorMappedAddress())
            .contains(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        response.verifyIntegrity(Rfc5769.PASSWORD);
        response.verifyFingerprint();
    }

    @Test
    void sampleIpv6ResponseCarriesItsXorMappedAddress() throws Exception {
        StunMessage response = StunMessage.parse(hex(Rfc5769.IPV6_RESPONSE));

        assertThat(response.xorMappedAddress()).contains(
            new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        response.verifyIntegrity(Rfc5769.PASSWORD);
        response.verifyFingerprint();
    }

    @Test
    void builderEncodesXorMappedAddressesExactlyAsTheRfc() throws Exception {
        byte[] v4 = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.BINDING, Rfc5769.TRANSACTION_ID)
            .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853)).build();
        byte[] v6 = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethods.BINDING, Rfc5769.TRANSACTION_ID)
            .xorMappedAddress(new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853)).build();

        assertThat(StunMessage.parse(v4).attribute(StunAttributes.XOR_MAPPED_ADDRESS))
            .hasValueSatisfying(v -> assertThat(v).isEqualTo(hex("00 01 a1 47 e1 12 a6 43")));
        assertThat(StunMessage.parse(v6).attribute(StunAttributes.XOR_MAPPED_ADDRESS))
            .hasValueSatisfying(v -> assertThat(v).isEqualTo(
                hex("00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9")));
        assertThat(java.util.Arrays.copyOf(v4, 4)).isEqualTo(hex("01 01 00 0c"));
    }

    @Test
    void builderWritesTheSampleRequestsLeadingAttributesByteForByte() {
        byte[] built = new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING, Rfc5769.TRANSACTION_ID)
            .software("STUN test client").priority(0x6e0001ffL).iceControlled(0x932ff9b151263b36L).build();

        // RFC header, SOFTWARE, PRIORITY and ICE-CONTROLLED: 20 + 20 + 8 + 12 bytes, length field 40.
        byte[] expected = java.util.Arrays.copyOf(hex(Rfc5769.REQUEST), 60);
        expected[3] = 40;
        assertThat(built).isEqualTo(expected);
    }
}

package dev.salle.rtc.stun;

import static dev.salle.rtc.stun.Rfc5769.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.stun.StunFormatException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StunMessageTest {

    private static final byte[] KEY = "s3cr3t-ice-password-xyz".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TX = hex("00 11 22 33 44 55 66 77 88 99 aa bb");

    private static void assertReason(ThrowingCallable call, Reason reason, String detail) {
        assertThatThrownBy(call).isInstanceOf(StunFormatException.class).hasMessageContaining(detail)
            .extracting(e -> ((StunFormatException) e).reason()).isEqualTo(reason);
    }

    private static byte[] iceCheck() {
        return new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING, TX)
            .username("bridgeUfrag:deviceUfrag").priority(0xFFFFFFFEL).useCandidate()
            .iceControlling(-2L).build(KEY, true);
    }

    @Test
    void messageTypesEncodeClassAndMethodBits() throws Exception {
        assertThat(typeOf(StunClass.REQUEST)).isEqualTo(0x0001);
        assertThat(typeOf(StunClass.INDICATION)).isEqualTo(0x0011);
        assertThat(typeOf(StunClass.SUCCESS_RESPONSE)).isEqualTo(0x0101);
        assertThat(typeOf(StunClass.ERROR_RESPONSE)).isEqualTo(0x0111);
        StunMessage highMethod = StunMessage.parse(new StunMessageBuilder(StunClass.ERROR_RESPONSE, 0xABC, TX).build());
        assertThat(highMethod.method()).isEqualTo(0xABC);
        assertThat(highMethod.stunClass()).isEqualTo(StunClass.ERROR_RESPONSE);
    }

    private static int typeOf(StunClass cls) throws StunFormatException {
        return StunMessage.parse(new StunMessageBuilder(cls, StunMethods.BINDING, TX).build()).type();
    }

    @Test
    void builtIceCheckRoundTripsWithIntegrityAndFingerprint() throws Exception {
        StunMessage check = StunMessage.parse(iceCheck());

        check.verifyIntegrity(KEY);
        check.verifyFingerprint();
        assertThat(check.hasTransactionId(TX)).isTrue();
        assertThat(check.localUfrag()).contains("bridgeUfrag");
        assertThat(check.priority()).hasValue(0xFFFFFFFEL);
        assertThat(check.useCandidate()).isTrue();
        assertThat(check.iceControlling()).hasValue(-2L);
        assertThat(check.iceControlled()).isEmpty();
    }

    @Test
    void localUfragIsReadStraightFromTheDatagram() throws Exception {
        byte[] datagram = new byte[200];
        byte[] check = iceCheck();
        System.arraycopy(check, 0, datagram, 30, check.length);

        assertThat(StunMessage.localUfragOf(datagram, 30, check.length)).isEqualTo("bridgeUfrag");
    }

    @Test
    void usernameWithoutColonIsNotAnIceUsername() throws Exception {
        StunMessage message = StunMessage.parse(
            new StunMessageBuilder(StunClass.REQUEST, StunMethods.BINDING, TX).username("lonely").build());

        assertReason(message::localUfrag, Reason.BAD_ATTRIBUTE, "'lonely'");
        assertReason(() -> StunMessage.localUfragOf(
            new StunMessageBuilder(StunClass.REQUEST, 1, TX).build(), 0, 20), Reason.BAD_ATTRIBUTE, "no USERNAME");
    }

    @Test
    void errorCodeRoundTrips() throws Exception {
        StunMessage response = StunMessage.parse(new StunMessageBuilder(StunClass.ERROR_RESPONSE, StunMethods.BINDING, TX)
            .errorCode(new StunErrorCode(487, "Role Conflict")).build());

        assertThat(response.errorCode()).contains(new StunErrorCode(487, "Role Conflict"));
    }

    @Test
    void errorCodeWithAnImpossibleClassIsRejected() throws Exception {
        StunMessage response = StunMessage.parse(new StunMessageBuilder(StunClass.ERROR_RESPONSE, 1, TX)
            .attribute(StunAttributes.ERROR_CODE, hex("00 00 09 01")).build());

        assertReason(response::errorCode, Reason.BAD_ATTRIBUTE, "class 1");
    }

    @Test
    void unknownComprehensionRequiredAttributesAreReportedOptionalOnesAreNot() throws Exception {
        StunMessage message = StunMessage.parse(new StunMessageBuilder(StunClass.REQUEST, 1, TX)
            .attribute(0x7FFF, new byte[3]).attribute(0xC057, new byte[4]).attribute(0x7FFF, new byte[0])
            .username("a:b").build());

        assertThat(message.unknownComprehensionRequired()).containsExactly(0x7FFF);
        assertThat(message.attributeCount()).isEqualTo(4);
    }

    @Test
    void attributesAfterMessageIntegrityExceptFingerprintAreIgnored() throws Exception {
        byte[] signed = new StunMessageBuilder(StunClass.REQUEST, 1, TX).username("a:b").build(KEY, false);
        byte[] extended = Arrays.copyOf(signed, signed.length + 8);
        extended[signed.length + 1] = (byte) 0x24;   // PRIORITY after MESSAGE-INTEGRITY
        extended[signed.length + 3] = 4;
        extended[signed.length + 7] = 9;
        extended[3] = (byte) (extended.length - 20);

        StunMessage message = StunMessage.parse(extended);

        assertThat(message.priority()).isEmpty();
        assertThatCode(() -> message.verifyIntegrity(KEY)).doesNotThrowAnyException();
    }

    @Test
    void integrityAndFingerprintMustBePresentToVerify() throws Exception {
        StunMessage bare = StunMessage.parse(new StunMessageBuilder(StunClass.REQUEST, 1, TX).build());

        assertReason(() -> bare.verifyIntegrity(KEY), Reason.MISSING_INTEGRITY, "no MESSAGE-INTEGRITY");
        assertReason(bare::verifyFingerprint, Reason.MISSING_FINGERPRINT, "no FINGERPRINT");
    }

    @Test
    void emptyKeyStillProducesACheckableIntegrity() throws Exception {
        StunMessage message = StunMessage.parse(new StunMessageBuilder(StunClass.REQUEST, 1, TX).build(new byte[0], false));
        assertThatCode(() -> message.verifyIntegrity(new byte[0])).doesNotThrowAnyException();
        assertReason(() -> message.verifyIntegrity(KEY), Reason.BAD_INTEGRITY, "does not match");
    }

    @Test
    void changedBodyByteFailsIntegrityAndFingerprint() throws Exception {
        byte[] bytes = iceCheck();
        bytes[25] ^= 1;   // inside USERNAME
        StunMessage tampered = StunMessage.parse(bytes);

        assertReason(() -> tampered.verifyIntegrity(KEY), Reason.BAD_INTEGRITY, "MESSAGE-INTEGRITY");
        assertReason(tampered::verifyFingerprint, Reason.BAD_FINGERPRINT, "computed");
    }

    @Test
    void changedFingerprintValueFailsOnlyTheFingerprint() throws Exception {
        byte[] bytes = hex(Rfc5769.REQUEST);
        bytes[bytes.length - 1] ^= (byte) 0x80;
        StunMessage tampered = StunMessage.parse(bytes);

        assertThatCode(() -> tampered.verifyIntegrity(Rfc5769.PASSWORD)).doesNotThrowAnyException();
        assertReason(tampered::verifyFingerprint, Reason.BAD_FINGERPRINT, "0xe57a3b4f");
    }

    @Test
    void attributeAfterFingerprintIsRejected() {
        byte[] bytes = Arrays.copyOf(hex(Rfc5769.REQUEST), hex(Rfc5769.REQUEST).length + 4);
        bytes[bytes.length - 3] = 0x25;   // USE-CANDIDATE
        bytes[3] = (byte) (bytes.length - 20);

        assertReason(() -> StunMessage.parse(bytes), Reason.BAD_FINGERPRINT, "follows FINGERPRINT");
    }

    @Test
    void truncatedMessagesAreRejected() {
        byte[] request = hex(Rfc5769.REQUEST);

        assertReason(() -> StunMessage.parse(request, 0, 19), Reason.TOO_SHORT, "19 bytes");
        assertReason(() -> StunMessage.parse(request, 0, 60), Reason.BAD_LENGTH, "length field 88");
        assertReason(() -> StunMessage.parse(null), Reason.TOO_SHORT, "without a buffer");
        assertReason(() -> StunMessage.parse(request, 100, 20), Reason.TOO_SHORT, "offset 100");
    }

    @Test
    void wrongMagicCookieIsRejected() {
        byte[] bytes = hex(Rfc5769.REQUEST);
        bytes[4] = 0x22;
        assertReason(() -> StunMessage.parse(bytes), Reason.BAD_COOKIE, "0x2212a442");
    }

    @Test
    void topBitsSetAreNotStun() {
        byte[] bytes = hex(Rfc5769.REQUEST);
        bytes[0] = (byte) 0x80;
        assertReason(() -> StunMessage.parse(bytes), Reason.NOT_STUN, "0x80");
    }

    @Test
    void lengthNotAMultipleOfFourIsRejected() {
        byte[] bytes = Arrays.copyOf(hex(Rfc5769.REQUEST), 20 + 0x59);
        bytes[3] = 0x59;
        assertReason(() -> StunMessage.parse(bytes), Reason.BAD_LENGTH, "length field 89");
    }

    @Test
    void attributeLongerThanTheMessageIsAnOverrun() {
        byte[] bytes = hex(Rfc5769.REQUEST);
        bytes[22] = 0x01;   // SOFTWARE length 0x0110
        assertReason(() -> StunMessage.parse(bytes), Reason.ATTRIBUTE_OVERRUN, "length 272");
    }

    @Test
    void attributeHeaderCutShortIsAnOverrun() {
        byte[] bytes = new byte[24];
        System.arraycopy(hex(Rfc5769.REQUEST), 0, bytes, 0, 20);
        bytes[2] = 0;
        bytes[3] = 4;
        bytes[20] = 0x00;
        bytes[21] = 0x06;
        bytes[23] = 1;   // USERNAME of 1 byte padded to 4: needs 8 bytes, has 4
        assertReason(() -> StunMessage.parse(bytes), Reason.ATTRIBUTE_OVERRUN, "attribute 0x6 at byte 20 with length 1");
    }

    @Test
    void malformedKnownAttributesAreRejectedWhenRead() throws Exception {
        StunMessage message = StunMessage.parse(new StunMessageBuilder(StunClass.REQUEST, 1, TX)
            .attribute(StunAttributes.PRIORITY, new byte[3])
            .attribute(StunAttributes.ICE_CONTROLLING, new byte[4])
            .attribute(StunAttributes.XOR_MAPPED_ADDRESS, hex("00 03 00 00 01 02 03 04")).build());

        assertReason(message::priority, Reason.BAD_ATTRIBUTE, "PRIORITY value of 3 bytes");
        assertReason(message::iceControlling, Reason.BAD_ATTRIBUTE, "ICE-CONTROLLING value of 4 bytes");
        assertReason(message::xorMappedAddress, Reason.BAD_ATTRIBUTE, "family 3");
    }

    @Test
    void integrityOfTheWrongSizeIsRejectedAtParse() {
        byte[] bytes = new StunMessageBuilder(StunClass.REQUEST, 1, TX)
            .attribute(StunAttributes.MESSAGE_INTEGRITY, new byte[16]).build();
        assertReason(() -> StunMessage.parse(bytes), Reason.BAD_ATTRIBUTE, "MESSAGE-INTEGRITY value of 16 bytes");
    }

    @Test
    void builderRejectsBadArguments() throws Exception {
        assertThatThrownBy(() -> new StunMessageBuilder(StunClass.REQUEST, 1, new byte[11]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11");
        assertThatThrownBy(() -> new StunMessageBuilder(StunClass.REQUEST, 0x1000, TX))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x1000");
        assertThatThrownBy(() -> new StunErrorCode(200, "OK")).hasMessageContaining("200");
        assertThat(StunMessageBuilder.newTransactionId(new SplittableRandom(1))).hasSize(12);
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.invalid", 1);
        assertThatThrownBy(() -> new StunMessageBuilder(StunClass.REQUEST, 1, TX).xorMappedAddress(unresolved))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example.invalid");
    }
}

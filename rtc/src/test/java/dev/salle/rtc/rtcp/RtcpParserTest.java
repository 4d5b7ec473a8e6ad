package dev.salle.rtc.rtcp;

import static dev.salle.rtc.rtcp.Hex.concat;
import static dev.salle.rtc.rtcp.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.rtcp.RtcpFormatException.Reason;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RtcpParserTest {

    private static void assertReason(ThrowingCallable call, Reason reason, String detail) {
        assertThatThrownBy(call).isInstanceOf(RtcpFormatException.class).hasMessageContaining(detail)
            .extracting(e -> ((RtcpFormatException) e).reason()).isEqualTo(reason);
    }

    @Test
    void senderReportWithSdesCompoundYieldsBothInOrder() throws Exception {
        List<RtcpMessage> messages = RtcpParser.parse(concat(RtcpVectors.SR, RtcpVectors.SDES));

        assertThat(messages).containsExactly(
            new SenderReport(0x11223344L, 0xe12b3c4d80000000L, 123456, 100, 16000, List.of()),
            new SourceDescription(List.of(new SourceDescription.Chunk(0x11223344L, "abcde"))));
    }

    @Test
    void receiverReportBlockFieldsIncludingNegativeCumulativeLoss() throws Exception {
        List<RtcpMessage> messages = RtcpParser.parse(RtcpVectors.RR);

        assertThat(messages).containsExactly(new ReceiverReport(1, List.of(
            new ReportBlock(2, 64, -2, 0x00010005L, 32, 0x4d800000L, 0x00018000L))));
    }

    @Test
    void byeCarriesSourcesAndReason() throws Exception {
        assertThat(RtcpParser.parse(RtcpVectors.BYE)).containsExactly(new Bye(List.of(0x11223344L), "gone"));
    }

    @Test
    void byeWithoutReasonHasAnEmptyOne() throws Exception {
        assertThat(RtcpParser.parse(hex("82 cb 00 02 00 00 00 01 00 00 00 02")))
            .containsExactly(new Bye(List.of(1L, 2L), ""));
    }

    @Test
    void nackWithBitmaskListsEveryLostSequenceNumber() throws Exception {
        assertThat(RtcpParser.parse(RtcpVectors.NACK))
            .containsExactly(new GenericNack(1, 2, List.of(100, 101, 103, 116)));
    }

    @Test
    void nackBitmaskWrapsPast65535() throws Exception {
        byte[] nack = hex("81 cd 00 04 00 00 00 01 00 00 00 02 ff ff 00 03 00 05 00 00");
        assertThat(RtcpParser.parse(nack)).containsExactly(new GenericNack(1, 2, List.of(65535, 0, 1, 5)));
    }

    @Test
    void nackWithoutFciIsRejected() {
        assertReason(() -> RtcpParser.parse(hex("81 cd 00 02 00 00 00 01 00 00 00 02")), Reason.BAD_FEEDBACK,
            "no FCI entry");
    }

    @Test
    void pliFirRembAndTransportCcAreRecognised() throws Exception {
        List<RtcpMessage> messages = RtcpParser.parse(concat(RtcpVectors.RR, RtcpVectors.PLI, RtcpVectors.FIR,
            RtcpVectors.REMB, RtcpVectors.TRANSPORT_CC));

        assertThat(messages).hasSize(5);
        assertThat(messages.get(1)).isEqualTo(new PictureLossIndication(1, 2));
        assertThat(messages.get(2)).isEqualTo(new FullIntraRequest(1, List.of(new FullIntraRequest.Entry(2, 7))));
        assertThat(messages.get(3)).isEqualTo(new Remb(1, 1_000_000, List.of(2L)));
        assertThat(messages.get(4)).isEqualTo(new TransportCcFeedback(1, 2, 10, 3, 16, 5));
    }

    @Test
    void appAndUnknownFeedbackArePassedThroughAsUnknown() throws Exception {
        byte[] afbNotRemb = hex("8f ce 00 04 00 00 00 01 00 00 00 00 41 42 43 44 00 00 00 00");
        assertThat(RtcpParser.parse(concat(RtcpVectors.APP, afbNotRemb))).containsExactly(
            new UnknownRtcp(RtcpPacketTypes.APP, 0, 12), new UnknownRtcp(RtcpPacketTypes.PSFB, 15, 20));
    }

    @Test
    void rembWithHugeExponentSaturates() throws Exception {
        byte[] remb = hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 00 ff ff ff");
        assertThat(RtcpParser.parse(remb)).containsExactly(new Remb(1, Long.MAX_VALUE, List.of()));
    }

    @Test
    void rembAnnouncingMoreSsrcsThanItHoldsIsRejected() {
        byte[] remb = hex("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 02 0b d0 90 00 00 00 02");
        assertReason(() -> RtcpParser.parse(remb), Reason.BAD_FEEDBACK, "announces 2 SSRCs");
    }

    @Test
    void reportCountBeyondThePacketIsRejected() {
        byte[] rr = RtcpVectors.RR.clone();
        rr[0] = (byte) 0x82;
        assertReason(() -> RtcpParser.parse(rr), Reason.BAD_COUNT, "report count 2");
    }

    @Test
    void senderReportShorterThanSenderInfoIsRejected() {
        assertReason(() -> RtcpParser.parse(hex("80 c8 00 01 00 00 00 01")), Reason.TOO_SHORT, "28-byte");
    }

    @Test
    void sdesItemRunningPastThePacketIsRejected() {
        byte[] sdes = hex("81 ca 00 02 11 22 33 44 01 09 61 62");
        assertReason(() -> RtcpParser.parse(sdes), Reason.BAD_SDES, "runs past");
    }

    @Test
    void sdesChunkWithoutEndByteIsRejected() {
        byte[] sdes = hex("81 ca 00 02 11 22 33 44 02 02 61 62");
        assertReason(() -> RtcpParser.parse(sdes), Reason.BAD_SDES, "no end-of-items");
    }

    @Test
    void sdesSkipsOtherItemsAndReadsEveryChunk() throws Exception {
        byte[] sdes = hex("82 ca 00 05 00 00 00 01 02 01 78 01 01 79 00 00 00 00 00 02 00 00 00 00");
        assertThat(RtcpParser.parse(sdes)).containsExactly(new SourceDescription(List.of(
            new SourceDescription.Chunk(1, "y"), new SourceDescription.Chunk(2, ""))));
    }

    @Test
    void firWithoutEntriesIsRejected() {
        assertReason(() -> RtcpParser.parse(hex("84 ce 00 02 00 00 00 01 00 00 00 00")), Reason.BAD_FEEDBACK,
            "no 8-byte FCI entry");
    }

    @Test
    void byeReasonRunningPastThePacketIsRejected() {
        assertReason(() -> RtcpParser.parse(hex("81 cb 00 02 00 00 00 01 09 61 62 63")), Reason.BAD_LENGTH,
            "reason of 9 bytes");
    }

    @Test
    void paddedLastPacketIsParsedWithoutItsPadding() throws Exception {
        byte[] padded = hex("a1 cd 00 04 00 00 00 01 00 00 00 02 00 64 00 00 00 00 00 04");
        assertThat(RtcpParser.parse(padded)).containsExactly(new GenericNack(1, 2, List.of(100)));
    }
}

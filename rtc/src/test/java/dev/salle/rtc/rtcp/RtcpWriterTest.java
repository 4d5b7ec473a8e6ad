package dev.salle.rtc.rtcp;

import static dev.salle.rtc.rtcp.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {

    private static byte[] write(RtcpWritable packet) {
        byte[] buf = new byte[packet.encodedLength() + 6];
        int written = packet.writeTo(buf, 3);
        assertThat(written).isEqualTo(packet.encodedLength());
        return Arrays.copyOfRange(buf, 3, 3 + written);
    }

    @Test
    void writersReproduceTheHandBuiltVectors() {
        assertThat(write(new SenderReport(0x11223344L, 0xe12b3c4d80000000L, 123456, 100, 16000, List.of())))
            .isEqualTo(RtcpVectors.SR);
        assertThat(write(new ReceiverReport(1, List.of(
            new ReportBlock(2, 64, -2, 0x00010005L, 32, 0x4d800000L, 0x00018000L))))).isEqualTo(RtcpVectors.RR);
        assertThat(write(new GenericNack(1, 2, List.of(100, 101, 103, 116)))).isEqualTo(RtcpVectors.NACK);
        assertThat(write(new PictureLossIndication(1, 2))).isEqualTo(RtcpVectors.PLI);
        assertThat(write(new FullIntraRequest(1, List.of(new FullIntraRequest.Entry(2, 7))))).isEqualTo(RtcpVectors.FIR);
        assertThat(write(new Remb(1, 1_000_000, List.of(2L)))).isEqualTo(RtcpVectors.REMB);
    }

    @Test
    void nackWriterStartsANewEntryBeyondSixteenAndAcrossTheWrap() {
        byte[] nack = write(new GenericNack(1, 2, List.of(100, 101, 116, 117, 117, 65534, 65535, 3)));

        assertThat(Arrays.copyOfRange(nack, 12, nack.length))
            .isEqualTo(hex("00 64 80 01  00 75 00 00  ff fe 00 11"));
        assertThat(nack[3]).isEqualTo((byte) 5);
    }

    @Test
    void everyWritablePacketRoundTripsThroughTheParser() throws Exception {
        List<RtcpWritable> packets = List.of(
            new SenderReport(7, 0x0102030405060708L, 0xFFFFFFFFL, 1, 2,
                List.of(new ReportBlock(9, 255, 0x7FFFFF, 0xFFFFFFFFL, 0, 1, 2))),
            new ReceiverReport(0xFFFFFFFFL, List.of()),
            new GenericNack(3, 4, List.of(0, 16, 17, 40000)),
            new PictureLossIndication(5, 6),
            new FullIntraRequest(7, List.of(new FullIntraRequest.Entry(8, 255), new FullIntraRequest.Entry(9, 0))),
            new Remb(10, 262_143, List.of(11L, 12L)));
        int total = packets.stream().mapToInt(RtcpWritable::encodedLength).sum();
        byte[] compound = new byte[total];
        int pos = 0;
        for (RtcpWritable packet : packets) {
            pos += packet.writeTo(compound, pos);
        }

        assertThat(RtcpParser.parse(compound)).containsExactlyElementsOf(packets.stream().map(RtcpMessage.class::cast).toList());
    }

    @Test
    void rembBitrateIsRoundedDownToAnEighteenBitMantissa() throws Exception {
        Remb remb = new Remb(1, 1_000_001, List.of());

        List<RtcpMessage> parsed = RtcpParser.parse(write(remb));

        assertThat(remb.encodedBitrateBps()).isEqualTo(1_000_000);
        assertThat(parsed).containsExactly(new Remb(1, 1_000_000, List.of()));
    }

    @Test
    void writingIntoATooSmallBufferFailsAndWritesNothing() {
        byte[] small = new byte[11];
        assertThatThrownBy(() -> new PictureLossIndication(1, 2).writeTo(small, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 12 bytes");
        assertThat(small).containsOnly(0);
    }

    @Test
    void recordsRejectOutOfRangeFields() {
        assertThatThrownBy(() -> new ReportBlock(1, 256, 0, 0, 0, 0, 0)).hasMessageContaining("256");
        assertThatThrownBy(() -> new ReportBlock(1, 0, 0x800000, 0, 0, 0, 0)).hasMessageContaining("8388608");
        assertThatThrownBy(() -> new GenericNack(1, 2, List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new GenericNack(1, 2, List.of(70000))).hasMessageContaining("70000");
        assertThatThrownBy(() -> new FullIntraRequest.Entry(1, 300)).hasMessageContaining("300");
        assertThatThrownBy(() -> new Remb(1, -1, List.of())).hasMessageContaining("-1");
    }
}

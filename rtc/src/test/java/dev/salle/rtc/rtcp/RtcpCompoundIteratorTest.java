package dev.salle.rtc.rtcp;

import static dev.salle.rtc.rtcp.Hex.concat;
import static dev.salle.rtc.rtcp.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.rtcp.RtcpFormatException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RtcpCompoundIteratorTest {

    private final RtcpCompoundIterator it = new RtcpCompoundIterator();

    private void assertReason(byte[] compound, Reason reason, String detail) {
        ThrowingCallable call = () -> it.reset(compound, 0, compound.length);
        assertThatThrownBy(call).isInstanceOf(RtcpFormatException.class).hasMessageContaining(detail)
            .extracting(e -> ((RtcpFormatException) e).reason()).isEqualTo(reason);
        assertThat(it.next()).as("a rejected compound yields nothing").isFalse();
    }

    @Test
    void walksEveryPacketWithTypeCountAndSsrcs() throws Exception {
        byte[] compound = concat(RtcpVectors.RR, RtcpVectors.NACK, RtcpVectors.PLI);
        it.reset(compound, 0, compound.length);
        List<String> seen = new ArrayList<>();

        while (it.next()) {
            seen.add(it.packetType() + "/" + it.count() + "@" + it.packetOffset() + "+" + it.packetLength()
                + " " + it.senderSsrc() + "->" + it.mediaSsrc());
        }

        assertThat(seen).containsExactly("201/1@0+32 1->2", "205/1@32+16 1->2", "206/1@48+12 1->2");
    }

    @Test
    void nackIsWalkedWithoutBuildingAList() throws Exception {
        it.reset(RtcpVectors.NACK, 0, RtcpVectors.NACK.length);
        it.next();
        int[] sum = {0, 0};

        GenericNack.forEachLost(it, seq -> {
            sum[0] += seq;
            sum[1]++;
        });

        assertThat(sum).containsExactly(100 + 101 + 103 + 116, 4);
    }

    @Test
    void forEachLostRefusesOtherPackets() throws Exception {
        it.reset(RtcpVectors.PLI, 0, RtcpVectors.PLI.length);
        it.next();
        assertThatThrownBy(() -> GenericNack.forEachLost(it, seq -> { })).isInstanceOf(RtcpFormatException.class)
            .hasMessageContaining("206 FMT 1");
    }

    @Test
    void paddingOnAPacketOtherThanTheLastIsRejected() {
        byte[] first = RtcpVectors.PLI.clone();
        first[0] |= 0x20;
        assertReason(concat(first, RtcpVectors.PLI), Reason.BAD_PADDING, "not the last");
    }

    @Test
    void paddingCountLargerThanThePacketIsRejected() {
        assertReason(hex("a0 c9 00 01 00 00 00 09"), Reason.BAD_PADDING, "padding count 9");
        assertReason(hex("a0 c9 00 01 00 00 00 00"), Reason.BAD_PADDING, "padding count 0");
    }

    @Test
    void versionOtherThanTwoIsRejected() {
        byte[] compound = concat(RtcpVectors.RR, RtcpVectors.PLI);
        compound[32] = 0x41;
        assertReason(compound, Reason.BAD_VERSION, "byte 32 has version 1");
    }

    @Test
    void lengthPastTheDatagramIsRejected() {
        byte[] truncated = java.util.Arrays.copyOf(RtcpVectors.SR, 20);
        assertReason(truncated, Reason.BAD_LENGTH, "declares 28 bytes, only 20 left");
    }

    @Test
    void trailingBytesThatCannotHoldAHeaderAreRejected() {
        assertReason(concat(RtcpVectors.PLI, hex("80 c9")), Reason.BAD_LENGTH, "2 trailing bytes");
    }

    @Test
    void emptyOrMissingInputIsTooShort() {
        assertReason(new byte[0], Reason.TOO_SHORT, "0 bytes");
        assertThatThrownBy(() -> it.reset(null, 0, 8)).isInstanceOf(RtcpFormatException.class)
            .hasMessageContaining("without a buffer");
        assertThatThrownBy(() -> it.reset(RtcpVectors.PLI, 8, 12)).isInstanceOf(RtcpFormatException.class)
            .hasMessageContaining("offset 8");
    }

    @Test
    void compoundAtAnOffsetIsWalkedRelativeToIt() throws Exception {
        byte[] buf = concat(hex("ff ff ff"), RtcpVectors.PLI, hex("ee"));
        it.reset(buf, 3, RtcpVectors.PLI.length);
        assertThat(it.next()).isTrue();
        assertThat(it.packetOffset()).isEqualTo(3);
        assertThat(it.mediaSsrc()).isEqualTo(2);
        assertThat(it.next()).isFalse();
    }
}

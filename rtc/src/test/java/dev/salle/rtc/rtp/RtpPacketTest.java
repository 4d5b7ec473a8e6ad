package dev.salle.rtc.rtp;

import static dev.salle.rtc.rtp.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.rtp.RtpFormatException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    // V=2, M=1, PT=111, seq=0x1234, ts=0xDEADBEEF, ssrc=0x01020304, payload 4 bytes
    private static final String PLAIN = "80 ef 12 34 de ad be ef 01 02 03 04 aa bb cc dd";

    private final RtpPacket packet = new RtpPacket();

    @Test
    void plainPacketExposesEveryHeaderField() throws RtpFormatException {
        byte[] buf = hex(PLAIN);

        packet.wrap(buf, 0, buf.length);

        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(111);
        assertThat(packet.sequenceNumber()).isEqualTo(0x1234);
        assertThat(packet.timestamp()).isEqualTo(0xDEADBEEFL);
        assertThat(packet.ssrc()).isEqualTo(0x01020304L);
        assertThat(packet.csrcCount()).isZero();
        assertThat(packet.hasExtension()).isFalse();
        assertThat(packet.extensionProfile()).isEqualTo(-1);
        assertThat(packet.payloadOffset()).isEqualTo(12);
        assertThat(packet.payloadLength()).isEqualTo(4);
        assertThat(packet.paddingLength()).isZero();
    }

    @Test
    void packetAtAnOffsetIsReadRelativeToIt() throws RtpFormatException {
        byte[] inner = hex(PLAIN);
        byte[] buf = new byte[inner.length + 10];
        System.arraycopy(inner, 0, buf, 7, inner.length);

        packet.wrap(buf, 7, inner.length);

        assertThat(packet.sequenceNumber()).isEqualTo(0x1234);
        assertThat(packet.payloadOffset()).isEqualTo(19);
        assertThat(buf[packet.payloadOffset()]).isEqualTo((byte) 0xaa);
    }

    @Test
    void csrcsPaddingAndOneByteExtensionAreAllAccountedFor() throws RtpFormatException {
        byte[] buf = hex("b2 60 00 01 00 00 00 10 00 00 00 20"   // V=2 P X CC=2, PT 96
            + " 00 00 00 0a 00 00 00 0b"                          // two CSRCs
            + " be de 00 02 10 ff 22 01 02 03 00 00"              // id1 len1, id2 len3, 2 pad
            + " 01 02 03"                                         // payload
            + " 00 00 03");                                        // padding of 3

        packet.wrap(buf, 0, buf.length);

        assertThat(packet.csrc(0)).isEqualTo(10);
        assertThat(packet.csrc(1)).isEqualTo(11);
        assertThat(packet.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(packet.extensionBodyLength()).isEqualTo(8);
        assertThat(packet.headerLength()).isEqualTo(12 + 8 + 4 + 8);
        assertThat(packet.paddingLength()).isEqualTo(3);
        assertThat(packet.payloadLength()).isEqualTo(3);
        assertThat(buf[packet.payloadOffset()]).isEqualTo((byte) 1);
    }

    @Test
    void oneByteExtensionElementsAreIteratedById() throws RtpFormatException {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 be de 00 02 10 ff 22 01 02 03 00 00 aa");
        packet.wrap(buf, 0, buf.length);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

        cursor.reset(packet);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.id()).isEqualTo(1);
        assertThat(cursor.dataLength()).isEqualTo(1);
        assertThat(buf[cursor.dataOffset()]).isEqualTo((byte) 0xff);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.id()).isEqualTo(2);
        assertThat(cursor.dataLength()).isEqualTo(3);
        assertThat(Arrays.copyOfRange(buf, cursor.dataOffset(), cursor.dataOffset() + 3)).containsExactly(1, 2, 3);
        assertThat(cursor.next()).isFalse();
        assertThat(packet.findExtension(2, cursor)).isTrue();
        assertThat(packet.findExtension(3, cursor)).isFalse();
    }

    @Test
    void oneByteIdZeroIsSkippedAsASinglePaddingByteWhateverItsLengthBits() throws RtpFormatException {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 be de 00 01 05 20 aa 00");
        packet.wrap(buf, 0, buf.length);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

        assertThat(packet.findExtension(2, cursor)).isTrue();
        assertThat(cursor.dataOffset()).isEqualTo(18);
        assertThat(cursor.dataLength()).isEqualTo(1);
    }

    @Test
    void oneByteIdFifteenStopsTheWalk() throws RtpFormatException {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 be de 00 01 10 ff f0 31");
        packet.wrap(buf, 0, buf.length);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

        cursor.reset(packet);

        assertThat(cursor.next()).isTrue();
        assertThat(cursor.next()).isFalse();
        assertThat(packet.findExtension(3, cursor)).isFalse();
    }

    @Test
    void twoByteExtensionElementsIncludingEmptyOnesAreIterated() throws RtpFormatException {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 10 00 00 02"
            + " 05 00 00 20 02 aa bb 00");  // id5 len0, pad, id32 len2, pad
        packet.wrap(buf, 0, buf.length);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

        cursor.reset(packet);

        assertThat(cursor.next()).isTrue();
        assertThat(cursor.id()).isEqualTo(5);
        assertThat(cursor.dataLength()).isZero();
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.id()).isEqualTo(32);
        assertThat(cursor.dataLength()).isEqualTo(2);
        assertThat(buf[cursor.dataOffset()]).isEqualTo((byte) 0xaa);
        assertThat(cursor.next()).isFalse();
    }

    @Test
    void twoByteProfileWithAppBitsIsStillTheTwoByteForm() throws RtpFormatException {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 10 0f 00 01 07 01 55 00");
        packet.wrap(buf, 0, buf.length);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

        assertThat(packet.findExtension(7, cursor)).isTrue();
        assertThat(buf[cursor.dataOffset()]).isEqualTo((byte) 0x55);
        assertThat(packet.extensionProfile()).isEqualTo(0x100f);
    }

    @Test
    void unknownExtensionProfileYieldsNoElementsButKeepsTheBody() throws RtpFormatException {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 ab cd 00 01 11 22 33 44");
        packet.wrap(buf, 0, buf.length);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

        cursor.reset(packet);

        assertThat(cursor.next()).isFalse();
        assertThat(packet.extensionProfile()).isEqualTo(0xabcd);
        assertThat(packet.extensionBodyLength()).isEqualTo(4);
        assertThat(packet.payloadLength()).isZero();
    }

    @Test
    void rewriteChangesOnlySsrcSequenceAndTimestamp() throws RtpFormatException {
        byte[] buf = hex(PLAIN);
        packet.wrap(buf, 0, buf.length);

        packet.rewrite(0xCAFEBABEL, 0xFFFF, 0x100000005L);

        assertThat(packet.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(packet.sequenceNumber()).isEqualTo(0xFFFF);
        assertThat(packet.timestamp()).isEqualTo(5);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(111);
        assertThat(Arrays.copyOfRange(buf, 12, 16)).isEqualTo(hex("aa bb cc dd"));
    }

    @Test
    void payloadTypeAndMarkerAreSetIndependently() throws RtpFormatException {
        byte[] buf = hex(PLAIN);
        packet.wrap(buf, 0, buf.length);

        packet.setPayloadType(96);
        assertThat(packet.marker()).isTrue();
        packet.setMarker(false);

        assertThat(packet.payloadType()).isEqualTo(96);
        assertThat(packet.marker()).isFalse();
        assertThat(buf[1]).isEqualTo((byte) 96);
        assertThatThrownBy(() -> packet.setPayloadType(128)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("128");
    }

    @Test
    void individualSettersWriteNetworkOrder() throws RtpFormatException {
        byte[] buf = hex(PLAIN);
        packet.wrap(buf, 0, buf.length);

        packet.setSequenceNumber(0x0102);
        packet.setTimestamp(0x0A0B0C0DL);
        packet.setSsrc(0xF1F2F3F4L);

        assertThat(Arrays.copyOfRange(buf, 2, 12)).isEqualTo(hex("01 02 0a 0b 0c 0d f1 f2 f3 f4"));
    }

    @Test
    void rewriteDoesNotAllocate() throws RtpFormatException {
        byte[] buf = hex(PLAIN);
        packet.wrap(buf, 0, buf.length);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(
            threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "this JVM does not measure per-thread allocation");
        long me = Thread.currentThread().threadId();
        for (int i = 0; i < 20_000; i++) {
            packet.rewrite(i, i, i);
            packet.tryWrap(buf, 0, buf.length);
        }

        long before = threads.getThreadAllocatedBytes(me);
        for (int i = 0; i < 100_000; i++) {
            packet.rewrite(i, i, i);
            packet.tryWrap(buf, 0, buf.length);
        }
        long allocated = threads.getThreadAllocatedBytes(me) - before;

        assertThat(allocated).as("bytes allocated by 100,000 rewrites and wraps").isLessThan(10_000);
    }

    @Test
    void shortPacketIsRejectedAsTooShort() {
        byte[] buf = hex("80 60 00 01 00 00 00 10 00 00 00");
        assertThatThrownBy(() -> packet.wrap(buf, 0, buf.length)).isInstanceOf(RtpFormatException.class)
            .hasMessageContaining("11 bytes").extracting(e -> ((RtpFormatException) e).reason())
            .isEqualTo(Reason.TOO_SHORT);
    }

    @Test
    void rangeOutsideTheBufferIsRejectedAsTooShort() {
        byte[] buf = hex(PLAIN);
        assertThat(packet.tryWrap(buf, 4, buf.length)).isFalse();
        assertThat(packet.failure()).isEqualTo(Reason.TOO_SHORT);
        assertThat(packet.tryWrap(null, 0, 12)).isFalse();
    }

    @Test
    void versionOtherThanTwoIsRejected() {
        byte[] buf = hex("40 60 00 01 00 00 00 10 00 00 00 20");
        assertThatThrownBy(() -> packet.wrap(buf, 0, buf.length))
            .hasMessageContaining("version 1").extracting(e -> ((RtpFormatException) e).reason())
            .isEqualTo(Reason.BAD_VERSION);
    }

    @Test
    void csrcCountBeyondThePacketIsRejected() {
        byte[] buf = hex("83 60 00 01 00 00 00 10 00 00 00 20 00 00 00 01 00 00 00 02");
        assertThat(packet.tryWrap(buf, 0, buf.length)).isFalse();
        assertThat(packet.failure()).isEqualTo(Reason.BAD_CSRC);
    }

    @Test
    void extensionLengthBeyondThePacketIsRejected() {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 be de 00 02 10 ff 00 00");
        assertThat(packet.tryWrap(buf, 0, buf.length)).isFalse();
        assertThat(packet.failure()).isEqualTo(Reason.BAD_EXTENSION);
    }

    @Test
    void extensionBitWithoutExtensionHeaderIsRejected() {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 be de");
        assertThat(packet.tryWrap(buf, 0, buf.length)).isFalse();
        assertThat(packet.failure()).isEqualTo(Reason.BAD_EXTENSION);
    }

    @Test
    void oneByteElementOverrunningTheExtensionIsRejected() {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 be de 00 01 13 01 02 03 04 05");
        assertThat(packet.tryWrap(buf, 0, buf.length)).isFalse();
        assertThat(packet.failure()).isEqualTo(Reason.BAD_EXTENSION);
    }

    @Test
    void twoByteElementOverrunningTheExtensionIsRejected() {
        byte[] buf = hex("90 60 00 01 00 00 00 10 00 00 00 20 10 00 00 01 07 05 01 02 03");
        assertThat(packet.tryWrap(buf, 0, buf.length)).isFalse();
        assertThat(packet.failure()).isEqualTo(Reason.BAD_EXTENSION);
    }

    @Test
    void zeroPaddingCountIsRejected() {
        byte[] buf = hex("a0 60 00 01 00 00 00 10 00 00 00 20 01 00");
        assertThat(packet.tryWrap(buf, 0, buf.length)).isFalse();
        assertThat(packet.failure()).isEqualTo(Reason.BAD_PADDING);
    }

    @Test
    void paddingLongerThanTheBodyIsRejected() {
        byte[] buf = hex("a0 60 00 01 00 00 00 10 00 00 00 20 01 02 04");
        assertThatThrownBy(() -> packet.wrap(buf, 0, buf.length)).hasMessageContaining("last byte 4")
            .extracting(e -> ((RtpFormatException) e).reason()).isEqualTo(Reason.BAD_PADDING);
    }

    @Test
    void paddingCoveringTheWholeBodyLeavesAnEmptyPayload() throws RtpFormatException {
        byte[] buf = hex("a0 60 00 01 00 00 00 10 00 00 00 20 00 00 03");
        packet.wrap(buf, 0, buf.length);
        assertThat(packet.payloadLength()).isZero();
    }

    @Test
    void failedWrapLeavesTheViewUnusable() throws RtpFormatException {
        byte[] good = hex(PLAIN);
        packet.wrap(good, 0, good.length);

        assertThat(packet.tryWrap(new byte[3], 0, 3)).isFalse();

        assertThatThrownBy(packet::ssrc).isInstanceOf(IllegalStateException.class).hasMessageContaining("wrap");
    }
}

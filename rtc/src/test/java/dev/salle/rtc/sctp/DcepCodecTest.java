package dev.salle.rtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.sctp.DcepException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class DcepCodecTest {

    @Test
    void openRoundTripsWithEveryChannelType() throws Exception {
        for (ChannelReliability r : new ChannelReliability[] {ChannelReliability.reliable(),
                ChannelReliability.unordered(), ChannelReliability.maxRetransmits(3, true),
                ChannelReliability.maxRetransmits(0, false), ChannelReliability.maxLifetimeMillis(150, true),
                ChannelReliability.maxLifetimeMillis(4_294_967_295L, false)}) {
            DcepMessage.Open open = new DcepMessage.Open(r, 256, "chät", "proto");
            byte[] wire = DcepCodec.encode(open);

            assertThat(DcepCodec.parse(wire, 0, wire.length)).isEqualTo(open);
        }
    }

    @Test
    void openMatchesTheRfcLayout() {
        byte[] wire = DcepCodec.encode(new DcepMessage.Open(ChannelReliability.maxRetransmits(5, false), 1, "ab", "c"));

        assertThat(wire).containsExactly(0x03, 0x81, 0x00, 0x01, 0, 0, 0, 5, 0, 2, 0, 1, 'a', 'b', 'c');
    }

    @Test
    void browserOpenWithEmptyLabelParses() throws Exception {
        byte[] wire = {0x03, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThat(DcepCodec.parse(wire, 0, wire.length)).isEqualTo(
                new DcepMessage.Open(ChannelReliability.reliable(), 0, "", ""));
    }

    @Test
    void ackIsOneByteAndParsesAtAnOffset() throws Exception {
        assertThat(DcepCodec.encode(new DcepMessage.Ack())).containsExactly(0x02);
        byte[] framed = {9, 9, 0x02, 9};

        assertThat(DcepCodec.parse(framed, 2, 1)).isInstanceOf(DcepMessage.Ack.class);
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        byte[] good = DcepCodec.encode(new DcepMessage.Open(ChannelReliability.reliable(), 0, "label", "p"));
        assertReason(new byte[0], Reason.EMPTY);
        assertReason(new byte[] {0x05}, Reason.UNKNOWN_MESSAGE_TYPE);
        assertReason(new byte[] {0x02, 0x00}, Reason.BAD_LENGTHS);
        assertReason(Arrays.copyOf(good, 11), Reason.TRUNCATED);
        assertReason(Arrays.copyOf(good, good.length - 1), Reason.BAD_LENGTHS);
        assertReason(Arrays.copyOf(good, good.length + 1), Reason.BAD_LENGTHS);
        assertReason(with(good, 1, (byte) 0x03), Reason.UNKNOWN_CHANNEL_TYPE);
        assertReason(with(good, 1, (byte) 0x7F), Reason.UNKNOWN_CHANNEL_TYPE);
        assertReason(with(good, 7, (byte) 1), Reason.BAD_RELIABILITY_PARAMETER);
        assertReason(with(good, 12, (byte) 0xC3), Reason.BAD_UTF8);
    }

    @Test
    void labelLengthsBeyondTheLimitAreRefusedBeforeReadingThem() {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.put((byte) 0x03).put((byte) 0).putShort((short) 0).putInt(0).putShort((short) 0xFFFF).putShort((short) 0);

        assertReason(b.array(), Reason.LABEL_TOO_LONG);
    }

    @Test
    void oversizedLabelCannotBeEncoded() {
        String label = "x".repeat(DcepCodec.MAX_LABEL_BYTES + 1);

        assertThatThrownBy(() -> DcepCodec.encode(new DcepMessage.Open(ChannelReliability.reliable(), 0, label, "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025 bytes");
    }

    @Test
    void everyTruncationOfAValidOpenIsRefusedWithoutOtherExceptions() {
        byte[] good = DcepCodec.encode(new DcepMessage.Open(ChannelReliability.maxLifetimeMillis(9, false), 7,
                "metrics", "v1".repeat(3)));
        for (int length = 0; length < good.length; length++) {
            int n = length;
            assertThatThrownBy(() -> DcepCodec.parse(good, 0, n)).isInstanceOf(DcepException.class);
        }
    }

    @Test
    void reliabilityValuesAreValidated() {
        assertThatThrownBy(() -> new ChannelReliability(true, ChannelReliability.Policy.RELIABLE, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
        assertThatThrownBy(() -> ChannelReliability.maxRetransmits(-1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThat(new String(DcepCodec.encode(new DcepMessage.Open(ChannelReliability.reliable(), 0, "é", "")),
                12, 2, StandardCharsets.UTF_8)).isEqualTo("é");
    }

    private static byte[] with(byte[] original, int index, byte value) {
        byte[] copy = original.clone();
        copy[index] = value;
        return copy;
    }

    private static void assertReason(byte[] wire, Reason reason) {
        assertThatThrownBy(() -> DcepCodec.parse(wire, 0, wire.length))
                .asInstanceOf(InstanceOfAssertFactories.type(DcepException.class))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }
}

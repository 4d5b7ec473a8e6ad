package dev.salle.rtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpFuzzTest {

    @Test
    void randomAndTruncatedPacketsOnlyEverFailWithRtpFormatException() {
        Random random = new Random(0x5A11E);
        RtpPacket packet = new RtpPacket();
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
        byte[] valid = Bytes.hex("b2 60 00 01 00 00 00 10 00 00 00 20 00 00 00 0a 00 00 00 0b"
            + " be de 00 02 10 ff 22 01 02 03 00 00 01 02 03 00 00 03");
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] buf;
            if (i % 2 == 0) {
                buf = new byte[random.nextInt(64)];
                random.nextBytes(buf);
                if (buf.length > 0) {
                    buf[0] = (byte) (0x80 | (buf[0] & 0x3F));
                }
            } else {
                buf = valid.clone();
                buf[random.nextInt(buf.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(buf.length + 1);
            try {
                packet.wrap(buf, 0, len);
                accepted++;
                cursor.reset(packet);
                while (cursor.next()) {
                    assertThat(cursor.dataOffset() + cursor.dataLength()).isLessThanOrEqualTo(len);
                }
                assertThat(packet.payloadLength()).isGreaterThanOrEqualTo(0);
                assertThat(packet.payloadOffset() + packet.payloadLength()).isLessThanOrEqualTo(len);
                AudioLevel.find(packet, 1, cursor);
            } catch (RtpFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(accepted).as("some mutated packets are still valid").isPositive();
    }
}

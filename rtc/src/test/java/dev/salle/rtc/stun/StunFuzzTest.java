package dev.salle.rtc.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StunFuzzTest {

    @Test
    void randomAndMutatedMessagesOnlyEverFailWithStunFormatException() {
        Random random = new Random(5769);
        byte[][] seeds = {Rfc5769.hex(Rfc5769.REQUEST), Rfc5769.hex(Rfc5769.IPV4_RESPONSE),
            Rfc5769.hex(Rfc5769.IPV6_RESPONSE)};
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] buf;
            if (i % 3 == 0) {
                buf = new byte[random.nextInt(120)];
                random.nextBytes(buf);
                if (buf.length >= 8) {
                    buf[0] &= 0x3F;
                    buf[4] = 0x21;
                    buf[5] = 0x12;
                    buf[6] = (byte) 0xa4;
                    buf[7] = 0x42;
                    buf[2] = 0;
                    buf[3] = (byte) ((buf.length - 20) & 0xFC);
                }
            } else {
                buf = seeds[random.nextInt(seeds.length)].clone();
                for (int k = random.nextInt(3) + 1; k > 0; k--) {
                    buf[random.nextInt(buf.length)] = (byte) random.nextInt(256);
                }
            }
            int len = i % 5 == 0 ? random.nextInt(buf.length + 1) : buf.length;
            try {
                StunMessage message = StunMessage.parse(buf, 0, len);
                parsed++;
                readEverything(message);
            } catch (StunFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).isPositive();
    }

    private static void readEverything(StunMessage message) {
        ThrowingRead[] reads = {
            message::username, message::localUfrag, message::xorMappedAddress, message::priority,
            message::iceControlled, message::iceControlling, message::errorCode, message::unknownComprehensionRequired,
            () -> { message.verifyIntegrity(Rfc5769.PASSWORD); return null; },
            () -> { message.verifyFingerprint(); return null; }};
        for (ThrowingRead read : reads) {
            try {
                read.read();
            } catch (StunFormatException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRead {
        Object read() throws StunFormatException;
    }
}

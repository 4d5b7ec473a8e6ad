package dev.salle.rtc.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpFuzzTest {

    @Test
    void randomAndMutatedCompoundsOnlyEverFailWithRtcpFormatException() {
        Random random = new Random(3550);
        byte[] seed = Hex.concat(RtcpVectors.SR, RtcpVectors.RR, RtcpVectors.SDES, RtcpVectors.BYE, RtcpVectors.NACK,
            RtcpVectors.PLI, RtcpVectors.FIR, RtcpVectors.REMB, RtcpVectors.TRANSPORT_CC, RtcpVectors.APP);
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] buf;
            if (i % 4 == 0) {
                buf = new byte[random.nextInt(80)];
                random.nextBytes(buf);
                for (int k = 0; k + 3 < buf.length; k += 4 * (1 + random.nextInt(4))) {
                    buf[k] = (byte) (0x80 | (buf[k] & 0x3F));
                    buf[k + 2] = 0;
                    buf[k + 3] = (byte) (buf[k + 3] & 0x07);
                }
            } else {
                buf = seed.clone();
                for (int k = random.nextInt(3) + 1; k > 0; k--) {
                    buf[random.nextInt(buf.length)] = (byte) random.nextInt(256);
                }
            }
            int len = i % 7 == 0 ? random.nextInt(buf.length + 1) : buf.length;
            try {
                RtcpParser.parse(buf, 0, len);
                parsed++;
                it.reset(buf, 0, len);
                while (it.next()) {
                    if (it.packetType() == RtcpPacketTypes.RTPFB && it.count() == RtcpPacketTypes.FMT_NACK) {
                        GenericNack.forEachLost(it, seq -> assertThat(seq).isBetween(0, 65535));
                    }
                }
            } catch (RtcpFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).isPositive();
    }
}

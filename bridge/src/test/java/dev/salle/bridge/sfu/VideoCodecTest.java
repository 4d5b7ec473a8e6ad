package dev.salle.bridge.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VideoCodecTest {

    private static boolean key(VideoCodec c, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return c.isKeyFrame(b, 0, b.length);
    }

    @Test
    void vp8KeyFrameIsTheStartOfPartitionZeroWithPBitClear() {
        assertThat(key(VideoCodec.VP8, 0x10, 0x00)).isTrue();                 // S=1, PID 0, P=0
        assertThat(key(VideoCodec.VP8, 0x10, 0x01)).isFalse();                // P=1: inter frame
        assertThat(key(VideoCodec.VP8, 0x00, 0x00)).isFalse();                // not the start of the frame
        assertThat(key(VideoCodec.VP8, 0x90, 0x80, 0x81, 0x23, 0x00)).isTrue(); // X, I with 15-bit picture id
        assertThat(key(VideoCodec.VP8, 0x90, 0xE0, 0x12, 0x05, 0x20, 0x01)).isFalse();
    }

    @Test
    void h264KeyFrameIsAnIdrAloneInAStapAOrStartingAnFuA() {
        assertThat(key(VideoCodec.H264, 0x65, 0x88)).isTrue();                            // IDR
        assertThat(key(VideoCodec.H264, 0x41, 0x9A)).isFalse();                           // non-IDR slice
        assertThat(key(VideoCodec.H264, 0x78, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xCE, 0, 2, 0x65, 0x88)).isTrue(); // STAP-A SPS,PPS,IDR
        assertThat(key(VideoCodec.H264, 0x7C, 0x85, 0x88)).isTrue();                      // FU-A start of an IDR
        assertThat(key(VideoCodec.H264, 0x7C, 0x05, 0x88)).isFalse();                     // FU-A middle
        assertThat(key(VideoCodec.H264, 0x78, 0, 50, 0x65)).as("STAP-A whose size overruns").isFalse();
    }

    @Test
    void vp9KeyFrameIsANonInterStartOfFrame() {
        assertThat(key(VideoCodec.VP9, 0x08)).isTrue();
        assertThat(key(VideoCodec.VP9, 0x48)).isFalse();
        assertThat(key(VideoCodec.VP9, 0x00)).isFalse();
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(8)];
            random.nextBytes(b);
            for (VideoCodec c : VideoCodec.values()) {
                c.isKeyFrame(b, 0, b.length);
            }
        }
        assertThat(VideoCodec.H264.isKeyFrame(new byte[4], 2, 5)).as("out-of-range slice").isFalse();
    }
}

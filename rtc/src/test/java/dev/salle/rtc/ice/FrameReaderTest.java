package dev.salle.rtc.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4571 framing as ICE-TCP uses it (RFC 6544 §3). */
class FrameReaderTest {

    private final FrameReader reader = new FrameReader();
    private final List<byte[]> frames = new ArrayList<>();
    private final FrameReader.Sink sink = (buf, off, len) -> frames.add(Arrays.copyOfRange(buf, off, off + len));

    private static byte[] packet(int length, int seed) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (seed + i);
        }
        return p;
    }

    @Test
    void aFrameIsItsLengthBigEndianThenThePacket() {
        byte[] framed = FrameReader.frame(packet(300, 1), 0, 300);

        assertThat(framed).hasSize(302);
        assertThat(framed[0]).isEqualTo((byte) 0x01);
        assertThat(framed[1]).isEqualTo((byte) 0x2c);
        assertThat(Arrays.copyOfRange(framed, 2, 302)).isEqualTo(packet(300, 1));
    }

    @Test
    void severalFramesInOneReadComeOutInOrder() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(FrameReader.frame(packet(20, 1), 0, 20));
        stream.write(FrameReader.frame(packet(1, 2), 0, 1));
        stream.write(FrameReader.frame(packet(1200, 3), 0, 1200));
        byte[] all = stream.toByteArray();

        reader.feed(all, 0, all.length, sink);

        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo(packet(20, 1));
        assertThat(frames.get(1)).isEqualTo(packet(1, 2));
        assertThat(frames.get(2)).isEqualTo(packet(1200, 3));
        assertThat(reader.partial()).isFalse();
    }

    @Test
    void aFrameSplitAcrossReadsAtEveryPointComesOutWhole() throws Exception {
        byte[] framed = FrameReader.frame(packet(100, 5), 0, 100);
        for (int cut = 1; cut < framed.length; cut++) {
            FrameReader r = new FrameReader();
            frames.clear();

            r.feed(framed, 0, cut, sink);
            assertThat(frames).as("after %d bytes", cut).isEmpty();
            assertThat(r.partial()).isTrue();
            r.feed(framed, cut, framed.length - cut, sink);

            assertThat(frames).as("cut at %d", cut).hasSize(1);
            assertThat(frames.get(0)).isEqualTo(packet(100, 5));
        }
    }

    @Test
    void oneByteAtATimeStillGivesEveryFrame() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(FrameReader.frame(packet(3, 1), 0, 3));
        stream.write(FrameReader.frame(packet(4, 9), 0, 4));
        byte[] all = stream.toByteArray();

        for (int i = 0; i < all.length; i++) {
            reader.feed(all, i, 1, sink);
        }

        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).isEqualTo(packet(4, 9));
        assertThat(reader.frames()).isEqualTo(2);
    }

    @Test
    void aZeroLengthIsRefused() {
        byte[] bytes = {0, 0, 1, 2, 3};

        assertThatThrownBy(() -> reader.feed(bytes, 0, bytes.length, sink))
                .isInstanceOf(FrameReader.BadLengthException.class).hasMessageContaining("length 0");
        assertThat(frames).isEmpty();
    }

    @Test
    void aLengthAboveTheLimitIsRefusedBeforeAnyBodyIsBuffered() {
        int tooLong = FrameReader.MAX_FRAME_BYTES + 1;
        byte[] bytes = {(byte) (tooLong >>> 8), (byte) tooLong};

        assertThatThrownBy(() -> reader.feed(bytes, 0, bytes.length, sink))
                .isInstanceOf(FrameReader.BadLengthException.class).hasMessageContaining("length " + tooLong);
        assertThat(frames).isEmpty();
    }

    @Test
    void theLargestAllowedFramePasses() throws Exception {
        byte[] framed = FrameReader.frame(packet(FrameReader.MAX_FRAME_BYTES, 0), 0, FrameReader.MAX_FRAME_BYTES);

        reader.feed(framed, 0, framed.length, sink);

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).hasSize(FrameReader.MAX_FRAME_BYTES);
    }

    @Test
    void framingAnEmptyOrOversizedPacketIsRefused() {
        assertThatThrownBy(() -> FrameReader.frame(new byte[0], 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameReader.frame(new byte[2000], 0, 2000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2000 bytes");
    }
}

package dev.salle.bridge.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RTP packets shaped like a 640×360 VP8 camera at 30 fps (about 600 kbit/s) and a 32 kbit/s Opus
 * microphone. The payloads carry no picture, but everything the bridge looks at is real: the VP8
 * payload descriptor with a 15-bit picture id (RFC 7741 §4.2), the frame tag and, on key frames,
 * the start code and 640×360 size (RFC 6386 §9.1), the marker bit on a frame's last packet.
 *
 * <p>The last {@value #SEND_TIME_BYTES} bytes of every payload hold the sender's
 * {@link System#nanoTime()} ({@link #stampSendTime}), written just before protection, so a
 * subscriber in the same JVM reads the one-way time through the bridge ({@link #sendTime}).
 */
final class SyntheticMedia {

    static final int VP8_PAYLOAD_TYPE = 96;
    static final int OPUS_PAYLOAD_TYPE = 111;
    static final int VIDEO_CLOCK = 90_000;
    static final int FRAMES_PER_SECOND = 30;
    /** 2,500 bytes per frame at 30 fps is 600 kbit/s of payload. */
    static final int DELTA_FRAME_BYTES = 2_500;
    /** A key frame about five times a delta frame, as encoders make them at this size. */
    static final int KEY_FRAME_BYTES = 12_000;
    static final int MAX_PAYLOAD_BYTES = 1_200;
    /** 20 ms of Opus at 32 kbit/s. */
    static final int OPUS_PAYLOAD_BYTES = 80;
    static final int OPUS_SAMPLES_PER_PACKET = 960;
    static final int SEND_TIME_BYTES = 8;
    static final int WIDTH = 640;
    static final int HEIGHT = 360;

    private static final int RTP_HEADER = 12;
    private static final int DESCRIPTOR = 4;

    private SyntheticMedia() {
    }

    /**
     * The packets of one video frame, in order; the first starts the frame (S bit, frame tag), the
     * last has the marker bit. Sequence numbers start at {@code firstSequence} and wrap at 16 bits.
     */
    static List<byte[]> vp8Frame(long ssrc, int firstSequence, long timestamp, int pictureId, boolean keyFrame) {
        int frameBytes = keyFrame ? KEY_FRAME_BYTES : DELTA_FRAME_BYTES;
        int perPacket = MAX_PAYLOAD_BYTES - DESCRIPTOR;
        int count = (frameBytes + perPacket - 1) / perPacket;
        List<byte[]> packets = new ArrayList<>(count);
        int left = frameBytes;
        for (int i = 0; i < count; i++) {
            int chunk = Math.min(perPacket, left);
            left -= chunk;
            boolean first = i == 0;
            boolean last = i == count - 1;
            ByteBuffer b = ByteBuffer.allocate(RTP_HEADER + DESCRIPTOR + chunk);
            header(b, VP8_PAYLOAD_TYPE, last, firstSequence + i, timestamp, ssrc);
            b.put((byte) (first ? 0x90 : 0x80)); // X=1, S on the first packet, partition 0
            b.put((byte) 0x80); // I: a picture id follows
            b.put((byte) (0x80 | ((pictureId >> 8) & 0x7F))).put((byte) pictureId); // M=1: 15 bits
            if (first) {
                frameHeader(b, keyFrame, frameBytes);
            }
            packets.add(b.array());
        }
        return packets;
    }

    /** One 20 ms Opus packet. */
    static byte[] opus(long ssrc, int sequence, long timestamp) {
        ByteBuffer b = ByteBuffer.allocate(RTP_HEADER + OPUS_PAYLOAD_BYTES);
        header(b, OPUS_PAYLOAD_TYPE, false, sequence, timestamp, ssrc);
        b.put((byte) 0x78); // TOC: CELT-only fullband 20 ms, mono, one frame
        return b.array();
    }

    /** Writes {@code nanos} into the last bytes of an unprotected RTP packet. */
    static void stampSendTime(byte[] rtp, long nanos) {
        ByteBuffer.wrap(rtp, rtp.length - SEND_TIME_BYTES, SEND_TIME_BYTES).putLong(nanos);
    }

    /** The send time of an unprotected packet the bridge forwarded, or -1 when it is too short to carry one. */
    static long sendTime(byte[] rtp, int length) {
        if (length < RTP_HEADER + SEND_TIME_BYTES || length > rtp.length) {
            return -1;
        }
        return ByteBuffer.wrap(rtp, length - SEND_TIME_BYTES, SEND_TIME_BYTES).getLong();
    }

    private static void header(ByteBuffer b, int payloadType, boolean marker, int sequence, long timestamp, long ssrc) {
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) sequence)
                .putInt((int) timestamp).putInt((int) ssrc);
    }

    /** RFC 6386 §9.1: the 3-byte frame tag, and on key frames the start code and the size. */
    private static void frameHeader(ByteBuffer b, boolean keyFrame, int frameBytes) {
        int firstPartitionSize = Math.min(frameBytes / 4, 0x7FFFF);
        int tag = (keyFrame ? 0 : 1) | (1 << 4) | (firstPartitionSize << 5); // version 0, show_frame
        b.put((byte) tag).put((byte) (tag >> 8)).put((byte) (tag >> 16));
        if (keyFrame) {
            b.put((byte) 0x9d).put((byte) 0x01).put((byte) 0x2a);
            b.put((byte) WIDTH).put((byte) (WIDTH >> 8)).put((byte) HEIGHT).put((byte) (HEIGHT >> 8));
        }
    }
}

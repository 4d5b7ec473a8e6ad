package dev.salle.bridge.sfu;

import java.nio.ByteBuffer;

/** Builds plain RTP packets for the tests. */
final class Rtp {

    private Rtp() {}

    static byte[] packet(long ssrc, int seq, long ts, int payloadType, byte... payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) payloadType).putShort((short) seq).putInt((int) ts).putInt((int) ssrc).put(payload);
        return b.array();
    }

    static int seq(byte[] p) {
        return ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }

    static long ts(byte[] p) {
        return ByteBuffer.wrap(p, 4, 4).getInt() & 0xFFFFFFFFL;
    }

    static long ssrc(byte[] p) {
        return ByteBuffer.wrap(p, 8, 4).getInt() & 0xFFFFFFFFL;
    }
}

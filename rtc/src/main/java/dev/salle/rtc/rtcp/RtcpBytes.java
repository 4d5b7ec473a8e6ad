package dev.salle.rtc.rtcp;

/** Big-endian reads and writes, and the common header. */
final class RtcpBytes {

    private RtcpBytes() {
    }

    static int readUint16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long readUint32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void writeUint16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void writeUint32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** Checks room in the caller's buffer, then writes V=2, no padding, count, type and length. */
    static void writeHeader(byte[] b, int off, int count, int packetType, int totalLength) {
        if (b == null || off < 0 || off > b.length - totalLength) {
            throw new IllegalArgumentException("RTCP packet type " + packetType + " needs " + totalLength
                + " bytes at offset " + off + ", buffer has " + (b == null ? "none" : b.length + " bytes"));
        }
        b[off] = (byte) (0x80 | count);
        b[off + 1] = (byte) packetType;
        writeUint16(b, off + 2, totalLength / 4 - 1);
    }
}

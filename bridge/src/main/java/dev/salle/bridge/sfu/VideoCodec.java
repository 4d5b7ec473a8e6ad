package dev.salle.bridge.sfu;

/** The video codecs the SFU forwards, and how each marks a key frame in its RTP payload. */
public enum VideoCodec {
    /** RFC 7741: payload descriptor, then the VP8 frame header whose P bit is 0 on a key frame. */
    VP8,
    /** RFC 6184: an IDR slice (NAL type 5), alone, in a STAP-A, or at the start of an FU-A. */
    H264,
    /** RFC 9628: the payload descriptor's P bit is 0 and B bit is 1 on the first packet of a key frame. */
    VP9;

    /**
     * Whether this packet starts (or, for H.264 aggregates, contains) a key frame. Malformed or
     * truncated payloads are not key frames.
     */
    public boolean isKeyFrame(byte[] buf, int off, int len) {
        if (len <= 0 || off < 0 || off + len > buf.length) {
            return false;
        }
        return switch (this) {
            case VP8 -> vp8(buf, off, len);
            case H264 -> h264(buf, off, len);
            case VP9 -> vp9(buf, off, len);
        };
    }

    private static boolean vp8(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        int first = b[p] & 0xFF;
        boolean extended = (first & 0x80) != 0;
        boolean start = (first & 0x10) != 0;
        int partition = first & 0x07;
        if (!start || partition != 0) {
            return false;
        }
        p++;
        if (extended) {
            if (p >= end) {
                return false;
            }
            int x = b[p++] & 0xFF;
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits
                if (p >= end) {
                    return false;
                }
                p += (b[p] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                p++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/KEYIDX byte
                p++;
            }
        }
        return p < end && (b[p] & 0x01) == 0;
    }

    private static boolean h264(byte[] b, int off, int len) {
        int type = b[off] & 0x1F;
        if (type == 5) {
            return true;
        }
        if (type == 24) { // STAP-A: [type][size16][nal]...
            int p = off + 1;
            int end = off + len;
            for (int n = 0; n < 64 && p + 2 < end; n++) {
                int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                p += 2;
                if (size == 0 || p + size > end) {
                    return false;
                }
                if ((b[p] & 0x1F) == 5) {
                    return true;
                }
                p += size;
            }
            return false;
        }
        if (type == 28 && len >= 2) { // FU-A: start bit and the fragmented NAL's type
            int header = b[off + 1] & 0xFF;
            return (header & 0x80) != 0 && (header & 0x1F) == 5;
        }
        return false;
    }

    private static boolean vp9(byte[] b, int off, int len) {
        int first = b[off] & 0xFF;
        boolean interPicture = (first & 0x40) != 0;
        boolean startOfFrame = (first & 0x08) != 0;
        return !interPicture && startOfFrame;
    }
}

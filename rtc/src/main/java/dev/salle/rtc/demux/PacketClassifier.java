package dev.salle.rtc.demux;

/**
 * Classifies a datagram by its first byte following
 * <a href="https://www.rfc-editor.org/rfc/rfc7983#section-7">RFC 7983 section 7</a>, then splits
 * RTP from RTCP by the second byte following
 * <a href="https://www.rfc-editor.org/rfc/rfc5761#section-4">RFC 5761 section 4</a> (RTCP packet
 * types 192..223, so RTP payload types 64..95 must not be negotiated on a muxed port).
 *
 * <p>Stateless, allocation-free and thread-safe. It only looks at one or two bytes: the stage that
 * owns the kind validates the rest.
 */
public final class PacketClassifier {

    private PacketClassifier() {
    }

    /**
     * Classifies {@code len} bytes of {@code buf} starting at {@code off}.
     *
     * @return the kind; {@link PacketKind#UNKNOWN} when the range is empty, out of the array, or
     *     the first byte falls in no range (an RTP/RTCP first byte with no second byte is unknown
     *     too)
     */
    public static PacketKind classify(byte[] buf, int off, int len) {
        if (buf == null || len <= 0 || off < 0 || off > buf.length - len) {
            return PacketKind.UNKNOWN;
        }
        int first = buf[off] & 0xFF;
        if (first <= 3) {
            return PacketKind.STUN;
        }
        if (first >= 20 && first <= 63) {
            return PacketKind.DTLS;
        }
        if (first >= 64 && first <= 79) {
            return PacketKind.TURN_CHANNEL;
        }
        if (first >= 128 && first <= 191) {
            if (len < 2) {
                return PacketKind.UNKNOWN;
            }
            int second = buf[off + 1] & 0xFF;
            return second >= 192 && second <= 223 ? PacketKind.RTCP : PacketKind.RTP;
        }
        return PacketKind.UNKNOWN;
    }

    /**
     * Classifies like {@link #classify(byte[], int, int)} and counts an {@link PacketKind#UNKNOWN}
     * result in {@code drops} as {@link DemuxDropReason#EMPTY} or
     * {@link DemuxDropReason#UNKNOWN_FIRST_BYTE}. Allocation-free.
     */
    public static PacketKind classify(byte[] buf, int off, int len, DropCounters<DemuxDropReason> drops) {
        PacketKind kind = classify(buf, off, len);
        if (kind == PacketKind.UNKNOWN) {
            drops.increment(len <= 0 || buf == null ? DemuxDropReason.EMPTY : DemuxDropReason.UNKNOWN_FIRST_BYTE);
        }
        return kind;
    }

    /** Classifies a whole array. */
    public static PacketKind classify(byte[] buf) {
        return classify(buf, 0, buf == null ? 0 : buf.length);
    }
}

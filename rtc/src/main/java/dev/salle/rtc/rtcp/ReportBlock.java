package dev.salle.rtc.rtcp;

/**
 * A reception report block of an SR or RR
 * (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1">RFC 3550 section 6.4.1</a>).
 *
 * @param ssrc the source reported on
 * @param fractionLost lost fraction since the last report, in 1/256 (0..255)
 * @param cumulativeLost packets lost since the start, signed 24 bits (duplicates can make it negative)
 * @param extendedHighestSequence cycles in the top 16 bits, highest sequence number in the low 16
 * @param jitter interarrival jitter in timestamp units
 * @param lastSenderReport middle 32 bits of the NTP timestamp of the last SR received (LSR)
 * @param delaySinceLastSenderReport delay since that SR in 1/65536 s (DLSR)
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence, long jitter,
        long lastSenderReport, long delaySinceLastSenderReport) {

    /** Encoded size. */
    public static final int LENGTH = 24;

    /** Checks the field ranges. */
    public ReportBlock {
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost must be 0..255, not " + fractionLost);
        }
        if (cumulativeLost < -0x800000 || cumulativeLost > 0x7FFFFF) {
            throw new IllegalArgumentException("cumulative lost must fit 24 signed bits, not " + cumulativeLost);
        }
    }

    static ReportBlock read(byte[] b, int o) {
        int lost = (b[o + 5] << 16) | ((b[o + 6] & 0xFF) << 8) | (b[o + 7] & 0xFF);
        return new ReportBlock(RtcpBytes.readUint32(b, o), b[o + 4] & 0xFF, lost,
            RtcpBytes.readUint32(b, o + 8), RtcpBytes.readUint32(b, o + 12), RtcpBytes.readUint32(b, o + 16),
            RtcpBytes.readUint32(b, o + 20));
    }

    void write(byte[] b, int o) {
        RtcpBytes.writeUint32(b, o, ssrc);
        RtcpBytes.writeUint32(b, o + 4, ((long) fractionLost << 24) | (cumulativeLost & 0xFFFFFF));
        RtcpBytes.writeUint32(b, o + 8, extendedHighestSequence);
        RtcpBytes.writeUint32(b, o + 12, jitter);
        RtcpBytes.writeUint32(b, o + 16, lastSenderReport);
        RtcpBytes.writeUint32(b, o + 20, delaySinceLastSenderReport);
    }
}

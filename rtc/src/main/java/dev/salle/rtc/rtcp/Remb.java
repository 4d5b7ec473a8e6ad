package dev.salle.rtc.rtcp;

import dev.salle.rtc.rtcp.RtcpFormatException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Receiver estimated maximum bitrate
 * (<a href="https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03#section-2.2">
 * draft-alvestrand-rmcat-remb-03 section 2.2</a>): PSFB FMT 15 with media SSRC 0 and an FCI of
 * "REMB", the SSRC count, a bitrate as 6-bit exponent and 18-bit mantissa, and the SSRCs it applies to.
 *
 * @param senderSsrc the sender of the estimate
 * @param bitrateBps the estimate in bit/s; written rounded down to what exponent and mantissa can hold
 * @param ssrcs the sources the estimate applies to, at most 255
 */
public record Remb(long senderSsrc, long bitrateBps, List<Long> ssrcs) implements RtcpMessage, RtcpWritable {

    private static final int UNIQUE_ID = ('R' << 24) | ('E' << 16) | ('M' << 8) | 'B';
    private static final int MAX_MANTISSA = 0x3FFFF;

    /** Copies the list and checks the ranges. */
    public Remb {
        ssrcs = List.copyOf(ssrcs);
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("REMB bitrate must not be negative, not " + bitrateBps);
        }
        if (ssrcs.size() > 255) {
            throw new IllegalArgumentException("a REMB carries at most 255 SSRCs, not " + ssrcs.size());
        }
    }

    /** Whether the feedback under {@code it} (PSFB FMT 15) carries the "REMB" identifier. */
    static boolean isRemb(RtcpCompoundIterator it) {
        return it.contentLength() >= 16
            && (int) RtcpBytes.readUint32(it.buffer(), it.packetOffset() + 12) == UNIQUE_ID;
    }

    static Remb read(RtcpCompoundIterator it) throws RtcpFormatException {
        byte[] b = it.buffer();
        int o = it.packetOffset() + 16;
        if (it.contentLength() < 20) {
            throw new RtcpFormatException(Reason.BAD_FEEDBACK,
                "REMB of " + it.contentLength() + " bytes has no bitrate field (needs 20)");
        }
        int count = b[o] & 0xFF;
        int exponent = (b[o + 1] & 0xFF) >> 2;
        long mantissa = ((b[o + 1] & 0x03L) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
        if (20 + 4 * count > it.contentLength()) {
            throw new RtcpFormatException(Reason.BAD_FEEDBACK, "REMB announces " + count + " SSRCs but its "
                + it.contentLength() + " bytes hold " + (it.contentLength() - 20) / 4);
        }
        long bitrate = mantissa == 0 ? 0
            : exponent > Long.numberOfLeadingZeros(mantissa) - 1 ? Long.MAX_VALUE : mantissa << exponent;
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(RtcpBytes.readUint32(b, o + 4 + 4 * i));
        }
        return new Remb(it.senderSsrc(), bitrate, ssrcs);
    }

    /** The bitrate as written: {@link #bitrateBps()} rounded down to an 18-bit mantissa. */
    public long encodedBitrateBps() {
        long mantissa = bitrateBps;
        int exponent = 0;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>= 1;
            exponent++;
        }
        return mantissa << exponent;
    }

    @Override
    public int packetType() {
        return RtcpPacketTypes.PSFB;
    }

    @Override
    public int encodedLength() {
        return 20 + 4 * ssrcs.size();
    }

    @Override
    public int writeTo(byte[] buf, int off) {
        int length = encodedLength();
        RtcpBytes.writeHeader(buf, off, RtcpPacketTypes.FMT_AFB, RtcpPacketTypes.PSFB, length);
        RtcpBytes.writeUint32(buf, off + 4, senderSsrc);
        RtcpBytes.writeUint32(buf, off + 8, 0);
        RtcpBytes.writeUint32(buf, off + 12, UNIQUE_ID & 0xFFFFFFFFL);
        long mantissa = bitrateBps;
        int exponent = 0;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>= 1;
            exponent++;
        }
        RtcpBytes.writeUint32(buf, off + 16, ((long) ssrcs.size() << 24) | ((long) exponent << 18) | mantissa);
        for (int i = 0; i < ssrcs.size(); i++) {
            RtcpBytes.writeUint32(buf, off + 20 + 4 * i, ssrcs.get(i));
        }
        return length;
    }
}

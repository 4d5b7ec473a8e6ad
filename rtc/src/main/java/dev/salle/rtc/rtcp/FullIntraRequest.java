package dev.salle.rtc.rtcp;

import java.util.List;

/**
 * Full intra request (<a href="https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1">RFC 5104
 * section 4.3.1</a>): PSFB with FMT 4, media SSRC 0, one FCI entry per source asked for a key frame.
 *
 * @param senderSsrc the sender of the request
 * @param entries at least one
 */
public record FullIntraRequest(long senderSsrc, List<Entry> entries) implements RtcpMessage, RtcpWritable {

    /**
     * One FCI entry.
     *
     * @param ssrc the source asked for a key frame
     * @param sequenceNumber the command sequence number, 0..255, incremented per new request
     */
    public record Entry(long ssrc, int sequenceNumber) {

        /** Checks the sequence number range. */
        public Entry {
            if (sequenceNumber < 0 || sequenceNumber > 255) {
                throw new IllegalArgumentException("FIR sequence number must be 0..255, not " + sequenceNumber);
            }
        }
    }

    /** Copies the entries and checks there is at least one. */
    public FullIntraRequest {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a FIR needs at least one entry");
        }
    }

    @Override
    public int packetType() {
        return RtcpPacketTypes.PSFB;
    }

    @Override
    public int encodedLength() {
        return 12 + 8 * entries.size();
    }

    @Override
    public int writeTo(byte[] buf, int off) {
        int length = encodedLength();
        RtcpBytes.writeHeader(buf, off, RtcpPacketTypes.FMT_FIR, RtcpPacketTypes.PSFB, length);
        RtcpBytes.writeUint32(buf, off + 4, senderSsrc);
        RtcpBytes.writeUint32(buf, off + 8, 0);
        for (int i = 0; i < entries.size(); i++) {
            int o = off + 12 + 8 * i;
            RtcpBytes.writeUint32(buf, o, entries.get(i).ssrc());
            RtcpBytes.writeUint32(buf, o + 4, (long) entries.get(i).sequenceNumber() << 24);
        }
        return length;
    }
}

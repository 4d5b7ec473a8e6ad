package dev.salle.rtc.rtcp;

import dev.salle.rtc.rtcp.RtcpFormatException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Generic NACK (<a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1">RFC 4585 section
 * 6.2.1</a>): RTPFB with FMT 1, each FCI entry a packet id (PID) and a bitmask (BLP) of the 16
 * following sequence numbers also lost.
 *
 * @param senderSsrc the sender of the feedback
 * @param mediaSsrc the source whose packets were lost
 * @param lostSequenceNumbers lost sequence numbers in FCI order, at least one; the writer packs
 *     them most compactly when they are in ascending order (modulo 65536)
 */
public record GenericNack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers)
        implements RtcpMessage, RtcpWritable {

    /** Copies the list and checks each number is 0..65535 and there is at least one. */
    public GenericNack {
        lostSequenceNumbers = List.copyOf(lostSequenceNumbers);
        if (lostSequenceNumbers.isEmpty()) {
            throw new IllegalArgumentException("a NACK needs at least one lost sequence number");
        }
        for (int seq : lostSequenceNumbers) {
            if (seq < 0 || seq > 0xFFFF) {
                throw new IllegalArgumentException("RTP sequence number must be 0..65535, not " + seq);
            }
        }
    }

    /**
     * Calls {@code consumer} with every lost sequence number of the NACK under {@code it}, in FCI
     * order, without allocating.
     *
     * @throws RtcpFormatException when the current packet is not a generic NACK or has no FCI entry
     */
    public static void forEachLost(RtcpCompoundIterator it, IntConsumer consumer) throws RtcpFormatException {
        if (it.packetType() != RtcpPacketTypes.RTPFB || it.count() != RtcpPacketTypes.FMT_NACK) {
            throw new RtcpFormatException(Reason.BAD_FEEDBACK, "packet type " + it.packetType() + " FMT " + it.count()
                + " is not a generic NACK (205/1)");
        }
        int entries = (it.contentLength() - 12) / 4;
        if (entries < 1) {
            throw new RtcpFormatException(Reason.BAD_FEEDBACK,
                "generic NACK of " + it.contentLength() + " bytes has no FCI entry");
        }
        byte[] b = it.buffer();
        for (int i = 0; i < entries; i++) {
            int o = it.packetOffset() + 12 + 4 * i;
            int pid = RtcpBytes.readUint16(b, o);
            int blp = RtcpBytes.readUint16(b, o + 2);
            consumer.accept(pid);
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    consumer.accept((pid + bit + 1) & 0xFFFF);
                }
            }
        }
    }

    static GenericNack read(RtcpCompoundIterator it) throws RtcpFormatException {
        List<Integer> lost = new ArrayList<>();
        forEachLost(it, lost::add);
        return new GenericNack(it.senderSsrc(), it.mediaSsrc(), lost);
    }

    @Override
    public int packetType() {
        return RtcpPacketTypes.RTPFB;
    }

    @Override
    public int encodedLength() {
        return 12 + 4 * pack(null, 0);
    }

    @Override
    public int writeTo(byte[] buf, int off) {
        int length = encodedLength();
        RtcpBytes.writeHeader(buf, off, RtcpPacketTypes.FMT_NACK, RtcpPacketTypes.RTPFB, length);
        RtcpBytes.writeUint32(buf, off + 4, senderSsrc);
        RtcpBytes.writeUint32(buf, off + 8, mediaSsrc);
        pack(buf, off + 12);
        return length;
    }

    /** Packs the numbers into PID/BLP entries, writing them when {@code buf} is not null; returns the count. */
    private int pack(byte[] buf, int off) {
        int entries = 0;
        int pid = lostSequenceNumbers.get(0);
        int blp = 0;
        for (int i = 1; i < lostSequenceNumbers.size(); i++) {
            int seq = lostSequenceNumbers.get(i);
            int distance = (seq - pid) & 0xFFFF;
            if (distance == 0) {
                continue;
            }
            if (distance <= 16) {
                blp |= 1 << (distance - 1);
            } else {
                writeEntry(buf, off + 4 * entries++, pid, blp);
                pid = seq;
                blp = 0;
            }
        }
        writeEntry(buf, off + 4 * entries++, pid, blp);
        return entries;
    }

    private static void writeEntry(byte[] buf, int o, int pid, int blp) {
        if (buf != null) {
            RtcpBytes.writeUint16(buf, o, pid);
            RtcpBytes.writeUint16(buf, o + 2, blp);
        }
    }
}

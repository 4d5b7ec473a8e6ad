package dev.salle.rtc.rtcp;

import java.util.List;

/**
 * Receiver report (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2">RFC 3550 section
 * 6.4.2</a>).
 *
 * @param senderSsrc the reporter
 * @param reportBlocks at most 31 blocks; an empty RR is legal and common
 */
public record ReceiverReport(long senderSsrc, List<ReportBlock> reportBlocks) implements RtcpMessage, RtcpWritable {

    /** Copies the blocks and checks there are at most 31. */
    public ReceiverReport {
        reportBlocks = List.copyOf(reportBlocks);
        if (reportBlocks.size() > 31) {
            throw new IllegalArgumentException("an RR carries at most 31 report blocks, not " + reportBlocks.size());
        }
    }

    @Override
    public int packetType() {
        return RtcpPacketTypes.RR;
    }

    @Override
    public int encodedLength() {
        return 8 + ReportBlock.LENGTH * reportBlocks.size();
    }

    @Override
    public int writeTo(byte[] buf, int off) {
        int length = encodedLength();
        RtcpBytes.writeHeader(buf, off, reportBlocks.size(), RtcpPacketTypes.RR, length);
        RtcpBytes.writeUint32(buf, off + 4, senderSsrc);
        for (int i = 0; i < reportBlocks.size(); i++) {
            reportBlocks.get(i).write(buf, off + 8 + ReportBlock.LENGTH * i);
        }
        return length;
    }
}

package dev.salle.rtc.rtcp;

import java.util.List;

/**
 * Sender report (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1">RFC 3550 section
 * 6.4.1</a>). Profile-specific extensions after the report blocks are skipped.
 *
 * @param senderSsrc the sender
 * @param ntpTimestamp 64-bit NTP wallclock time, seconds in the top 32 bits
 * @param rtpTimestamp the same instant in RTP timestamp units
 * @param packetCount packets sent since the start
 * @param octetCount payload octets sent since the start
 * @param reportBlocks at most 31 blocks
 */
public record SenderReport(long senderSsrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
        List<ReportBlock> reportBlocks) implements RtcpMessage, RtcpWritable {

    /** Copies the blocks and checks there are at most 31. */
    public SenderReport {
        reportBlocks = List.copyOf(reportBlocks);
        if (reportBlocks.size() > 31) {
            throw new IllegalArgumentException("an SR carries at most 31 report blocks, not " + reportBlocks.size());
        }
    }

    @Override
    public int packetType() {
        return RtcpPacketTypes.SR;
    }

    @Override
    public int encodedLength() {
        return 28 + ReportBlock.LENGTH * reportBlocks.size();
    }

    @Override
    public int writeTo(byte[] buf, int off) {
        int length = encodedLength();
        RtcpBytes.writeHeader(buf, off, reportBlocks.size(), RtcpPacketTypes.SR, length);
        RtcpBytes.writeUint32(buf, off + 4, senderSsrc);
        RtcpBytes.writeUint32(buf, off + 8, ntpTimestamp >>> 32);
        RtcpBytes.writeUint32(buf, off + 12, ntpTimestamp);
        RtcpBytes.writeUint32(buf, off + 16, rtpTimestamp);
        RtcpBytes.writeUint32(buf, off + 20, packetCount);
        RtcpBytes.writeUint32(buf, off + 24, octetCount);
        for (int i = 0; i < reportBlocks.size(); i++) {
            reportBlocks.get(i).write(buf, off + 28 + ReportBlock.LENGTH * i);
        }
        return length;
    }
}

package dev.salle.rtc.rtcp;

import dev.salle.rtc.rtcp.RtcpFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses every packet of an RTCP compound into {@link RtcpMessage} records: SR, RR, SDES (CNAME),
 * BYE, generic NACK, PLI, FIR, REMB, transport-cc (fixed fields), anything else as
 * {@link UnknownRtcp}. Framing is checked by {@link RtcpCompoundIterator}; this class checks each
 * packet's own layout.
 *
 * <p>Allocates the records: meant for the control path (a few packets per second per stream). For
 * forwarding, walk the compound with {@link RtcpCompoundIterator} and
 * {@link GenericNack#forEachLost} instead. Stateless and thread-safe.
 */
public final class RtcpParser {

    private RtcpParser() {
    }

    /**
     * Parses the compound in {@code len} bytes at {@code off}.
     *
     * @throws RtcpFormatException when the framing or any packet's layout is malformed
     */
    public static List<RtcpMessage> parse(byte[] buf, int off, int len) throws RtcpFormatException {
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.reset(buf, off, len);
        List<RtcpMessage> messages = new ArrayList<>();
        while (it.next()) {
            messages.add(parseCurrent(it));
        }
        return messages;
    }

    /** Parses a whole array as one compound. */
    public static List<RtcpMessage> parse(byte[] buf) throws RtcpFormatException {
        return parse(buf, 0, buf == null ? 0 : buf.length);
    }

    /**
     * Parses the packet under {@code it}.
     *
     * @throws RtcpFormatException when its layout is malformed
     */
    public static RtcpMessage parseCurrent(RtcpCompoundIterator it) throws RtcpFormatException {
        int type = it.packetType();
        int count = it.count();
        return switch (type) {
            case RtcpPacketTypes.SR -> readSenderReport(it);
            case RtcpPacketTypes.RR -> new ReceiverReport(requireSsrc(it, "RR"), readBlocks(it, 8));
            case RtcpPacketTypes.SDES -> readSdes(it);
            case RtcpPacketTypes.BYE -> readBye(it);
            case RtcpPacketTypes.RTPFB -> switch (count) {
                case RtcpPacketTypes.FMT_NACK -> GenericNack.read(it);
                case RtcpPacketTypes.FMT_TRANSPORT_CC -> readTransportCc(it);
                default -> unknown(it);
            };
            case RtcpPacketTypes.PSFB -> switch (count) {
                case RtcpPacketTypes.FMT_PLI -> new PictureLossIndication(requireFeedback(it, "PLI"), it.mediaSsrc());
                case RtcpPacketTypes.FMT_FIR -> readFir(it);
                case RtcpPacketTypes.FMT_AFB -> Remb.isRemb(it) ? Remb.read(it) : unknown(it);
                default -> unknown(it);
            };
            default -> unknown(it);
        };
    }

    private static UnknownRtcp unknown(RtcpCompoundIterator it) {
        return new UnknownRtcp(it.packetType(), it.count(), it.packetLength());
    }

    private static long requireSsrc(RtcpCompoundIterator it, String name) throws RtcpFormatException {
        if (it.contentLength() < 8) {
            throw new RtcpFormatException(Reason.TOO_SHORT,
                name + " of " + it.contentLength() + " bytes has no sender SSRC");
        }
        return it.senderSsrc();
    }

    private static long requireFeedback(RtcpCompoundIterator it, String name) throws RtcpFormatException {
        if (it.contentLength() < 12) {
            throw new RtcpFormatException(Reason.TOO_SHORT,
                name + " of " + it.contentLength() + " bytes is shorter than the 12-byte feedback header");
        }
        return it.senderSsrc();
    }

    private static SenderReport readSenderReport(RtcpCompoundIterator it) throws RtcpFormatException {
        if (it.contentLength() < 28) {
            throw new RtcpFormatException(Reason.TOO_SHORT,
                "SR of " + it.contentLength() + " bytes is shorter than its 28-byte sender info");
        }
        byte[] b = it.buffer();
        int o = it.packetOffset();
        long ntp = (RtcpBytes.readUint32(b, o + 8) << 32) | RtcpBytes.readUint32(b, o + 12);
        return new SenderReport(it.senderSsrc(), ntp, RtcpBytes.readUint32(b, o + 16), RtcpBytes.readUint32(b, o + 20),
            RtcpBytes.readUint32(b, o + 24), readBlocks(it, 28));
    }

    private static List<ReportBlock> readBlocks(RtcpCompoundIterator it, int first) throws RtcpFormatException {
        int count = it.count();
        if (first + ReportBlock.LENGTH * count > it.contentLength()) {
            throw new RtcpFormatException(Reason.BAD_COUNT, "report count " + count + " needs "
                + (first + ReportBlock.LENGTH * count) + " bytes, packet type " + it.packetType() + " has "
                + it.contentLength());
        }
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(ReportBlock.read(it.buffer(), it.packetOffset() + first + ReportBlock.LENGTH * i));
        }
        return blocks;
    }

    private static SourceDescription readSdes(RtcpCompoundIterator it) throws RtcpFormatException {
        byte[] b = it.buffer();
        int start = it.packetOffset();
        int end = start + it.contentLength();
        int pos = start + 4;
        List<SourceDescription.Chunk> chunks = new ArrayList<>();
        for (int c = 0; c < it.count(); c++) {
            if (pos + 4 > end) {
                throw new RtcpFormatException(Reason.BAD_SDES, "SDES chunk " + c + " of " + it.count()
                    + " starts at byte " + (pos - start) + " of a " + it.contentLength() + "-byte packet");
            }
            long ssrc = RtcpBytes.readUint32(b, pos);
            pos += 4;
            String cname = "";
            while (true) {
                if (pos >= end) {
                    throw new RtcpFormatException(Reason.BAD_SDES,
                        "SDES chunk for SSRC " + ssrc + " has no end-of-items byte");
                }
                int itemType = b[pos] & 0xFF;
                if (itemType == 0) {
                    pos = start + ((pos - start + 4) & ~3);
                    break;
                }
                if (pos + 2 > end || pos + 2 + (b[pos + 1] & 0xFF) > end) {
                    throw new RtcpFormatException(Reason.BAD_SDES, "SDES item type " + itemType + " for SSRC " + ssrc
                        + " at byte " + (pos - start) + " runs past the packet");
                }
                int itemLength = b[pos + 1] & 0xFF;
                if (itemType == 1) {
                    cname = new String(b, pos + 2, itemLength, StandardCharsets.UTF_8);
                }
                pos += 2 + itemLength;
            }
            chunks.add(new SourceDescription.Chunk(ssrc, cname));
        }
        return new SourceDescription(chunks);
    }

    private static Bye readBye(RtcpCompoundIterator it) throws RtcpFormatException {
        byte[] b = it.buffer();
        int start = it.packetOffset();
        int count = it.count();
        int after = 4 + 4 * count;
        if (after > it.contentLength()) {
            throw new RtcpFormatException(Reason.BAD_COUNT, "BYE source count " + count + " needs " + after
                + " bytes, packet has " + it.contentLength());
        }
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(RtcpBytes.readUint32(b, start + 4 + 4 * i));
        }
        String reason = "";
        if (after < it.contentLength()) {
            int reasonLength = b[start + after] & 0xFF;
            if (after + 1 + reasonLength > it.contentLength()) {
                throw new RtcpFormatException(Reason.BAD_LENGTH, "BYE reason of " + reasonLength
                    + " bytes runs past the " + it.contentLength() + "-byte packet");
            }
            reason = new String(b, start + after + 1, reasonLength, StandardCharsets.UTF_8);
        }
        return new Bye(ssrcs, reason);
    }

    private static FullIntraRequest readFir(RtcpCompoundIterator it) throws RtcpFormatException {
        long sender = requireFeedback(it, "FIR");
        int entries = (it.contentLength() - 12) / 8;
        if (entries < 1) {
            throw new RtcpFormatException(Reason.BAD_FEEDBACK,
                "FIR of " + it.contentLength() + " bytes has no 8-byte FCI entry");
        }
        List<FullIntraRequest.Entry> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            int o = it.packetOffset() + 12 + 8 * i;
            list.add(new FullIntraRequest.Entry(RtcpBytes.readUint32(it.buffer(), o), it.buffer()[o + 4] & 0xFF));
        }
        return new FullIntraRequest(sender, list);
    }

    private static TransportCcFeedback readTransportCc(RtcpCompoundIterator it) throws RtcpFormatException {
        if (it.contentLength() < 20) {
            throw new RtcpFormatException(Reason.BAD_FEEDBACK,
                "transport-cc feedback of " + it.contentLength() + " bytes lacks its 8 fixed FCI bytes");
        }
        byte[] b = it.buffer();
        int o = it.packetOffset() + 12;
        int reference = (b[o + 4] << 16) | ((b[o + 5] & 0xFF) << 8) | (b[o + 6] & 0xFF);
        return new TransportCcFeedback(it.senderSsrc(), it.mediaSsrc(), RtcpBytes.readUint16(b, o),
            RtcpBytes.readUint16(b, o + 2), reference, b[o + 7] & 0xFF);
    }
}

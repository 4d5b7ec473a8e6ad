package dev.salle.rtc.rtcp;

import dev.salle.rtc.rtcp.RtcpFormatException.Reason;

/**
 * Validates an RTCP compound packet and then walks its packets without allocating
 * (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.1">RFC 3550 section 6.1</a>): every
 * packet has version 2 and a length that stays inside the datagram, the packets fill it exactly,
 * and only the last one may be padded
 * (<a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1">section 6.4.1</a>, "P").
 * Reduced-size RTCP (RFC 5506) is accepted: the first packet need not be a report.
 *
 * <p>Usage: {@code it.reset(buf, off, len); while (it.next()) { switch (it.packetType()) … }}.
 * Not thread-safe; reuse one per thread. The caller owns the buffer.
 */
public final class RtcpCompoundIterator {

    /** Length of the common RTCP header. */
    public static final int HEADER_LENGTH = 4;

    private byte[] buf;
    private int end;
    private int next;
    private int start;
    private int length;
    private int padding;

    /**
     * Validates {@code len} bytes at {@code off} and positions the iterator before the first packet.
     *
     * @throws RtcpFormatException when any packet is malformed; the iterator then yields nothing
     */
    public void reset(byte[] buf, int off, int len) throws RtcpFormatException {
        this.buf = null;
        this.next = 0;
        this.end = 0;
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            throw new RtcpFormatException(Reason.TOO_SHORT, "compound of " + len + " bytes at offset " + off
                + (buf == null ? " without a buffer" : " in a buffer of " + buf.length + " bytes")
                + ", a header needs " + HEADER_LENGTH);
        }
        int pos = off;
        int stop = off + len;
        while (pos < stop) {
            if (stop - pos < HEADER_LENGTH) {
                throw new RtcpFormatException(Reason.BAD_LENGTH,
                    (stop - pos) + " trailing bytes at byte " + (pos - off) + " cannot hold an RTCP header");
            }
            int first = buf[pos] & 0xFF;
            if (first >> 6 != 2) {
                throw new RtcpFormatException(Reason.BAD_VERSION, "packet at byte " + (pos - off) + " has version "
                    + (first >> 6) + " (first byte 0x" + Integer.toHexString(first) + ")");
            }
            int packetLength = 4 * (((buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF)) + 1);
            if (packetLength > stop - pos) {
                throw new RtcpFormatException(Reason.BAD_LENGTH, "packet type " + (buf[pos + 1] & 0xFF) + " at byte "
                    + (pos - off) + " declares " + packetLength + " bytes, only " + (stop - pos) + " left");
            }
            if ((first & 0x20) != 0) {
                int count = buf[pos + packetLength - 1] & 0xFF;
                if (pos + packetLength != stop) {
                    throw new RtcpFormatException(Reason.BAD_PADDING, "packet type " + (buf[pos + 1] & 0xFF)
                        + " at byte " + (pos - off) + " is padded but is not the last packet of the compound");
                }
                if (count == 0 || count > packetLength - HEADER_LENGTH) {
                    throw new RtcpFormatException(Reason.BAD_PADDING, "padding count " + count + " in a packet of "
                        + packetLength + " bytes");
                }
            }
            pos += packetLength;
        }
        this.buf = buf;
        this.next = off;
        this.end = stop;
    }

    /** Moves to the next packet; {@code false} at the end. */
    public boolean next() {
        if (buf == null || next >= end) {
            return false;
        }
        start = next;
        length = 4 * ((((buf[start + 2] & 0xFF) << 8) | (buf[start + 3] & 0xFF)) + 1);
        padding = (buf[start] & 0x20) != 0 ? buf[start + length - 1] & 0xFF : 0;
        next = start + length;
        return true;
    }

    /** The buffer being iterated. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current packet in {@link #buffer()}. */
    public int packetOffset() {
        return start;
    }

    /** Length of the current packet in bytes, header and padding included. */
    public int packetLength() {
        return length;
    }

    /** Length of the current packet without its padding. */
    public int contentLength() {
        return length - padding;
    }

    /** Padding bytes at the end of the current packet, 0 if none. */
    public int paddingLength() {
        return padding;
    }

    /** Packet type (second byte), see {@link RtcpPacketTypes}. */
    public int packetType() {
        return buf[start + 1] & 0xFF;
    }

    /** The 5-bit count field: report count, source count or feedback message type. */
    public int count() {
        return buf[start] & 0x1F;
    }

    /** The SSRC after the header (the sender's for SR, RR and feedback), or -1 if the packet is too short. */
    public long senderSsrc() {
        return contentLength() >= 8 ? RtcpBytes.readUint32(buf, start + 4) : -1;
    }

    /** The media source SSRC of a feedback message, or -1 if the packet is too short. */
    public long mediaSsrc() {
        return contentLength() >= 12 ? RtcpBytes.readUint32(buf, start + 8) : -1;
    }
}

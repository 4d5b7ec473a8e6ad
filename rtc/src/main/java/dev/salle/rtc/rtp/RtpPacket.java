package dev.salle.rtc.rtp;

import dev.salle.rtc.rtp.RtpFormatException.Reason;

/**
 * A flyweight view of one RTP packet in {@code (buf, off, len)}, laid out as in
 * <a href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">RFC 3550 section 5.1</a>.
 *
 * <p>{@link #wrap} validates the version, the CSRC list, the header extension (including the
 * elements of the <a href="https://www.rfc-editor.org/rfc/rfc8285#section-4.2">one-byte</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc8285#section-4.3">two-byte</a> forms, so a
 * {@link RtpHeaderExtensionCursor} never reads out of the packet) and the padding, then exposes
 * the fields without copying. The setters rewrite the buffer in place, as an SFU does per
 * subscriber; the view never allocates after construction.
 *
 * <p>Ownership: the caller owns the buffer and must not change its bytes under a wrapped view
 * except through the view. Not thread-safe; reuse one view per thread.
 */
public final class RtpPacket {

    /** Length of the fixed RTP header, without CSRCs or extension. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** Profile of the one-byte header extension form (RFC 8285 section 4.2). */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** Profile of the two-byte header extension form, with the 4 "appbits" cleared (RFC 8285 section 4.3). */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int extensionOffset = -1;
    private int extensionLength;
    private int paddingLength;
    private Reason failure;

    /**
     * Validates {@code len} bytes at {@code off} as an RTP packet and points this view at them.
     *
     * @throws RtpFormatException when the packet is malformed; the view is then left unwrapped
     */
    public RtpPacket wrap(byte[] buf, int off, int len) throws RtpFormatException {
        if (!tryWrap(buf, off, len)) {
            throw new RtpFormatException(failure, describeFailure(buf, off, len));
        }
        return this;
    }

    /**
     * Like {@link #wrap} but allocation-free on bad input: returns {@code false} and leaves the
     * reason in {@link #failure()}.
     */
    public boolean tryWrap(byte[] buf, int off, int len) {
        this.buf = null;
        this.failure = validate(buf, off, len);
        if (failure != null) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        return true;
    }

    /** Why the last {@link #tryWrap} failed, or {@code null} after a success. */
    public Reason failure() {
        return failure;
    }

    private Reason validate(byte[] b, int o, int l) {
        if (b == null || o < 0 || l < FIXED_HEADER_LENGTH || o > b.length - l) {
            return Reason.TOO_SHORT;
        }
        int first = b[o] & 0xFF;
        if (first >> 6 != 2) {
            return Reason.BAD_VERSION;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (first & 0x0F);
        if (header > l) {
            return Reason.BAD_CSRC;
        }
        extensionOffset = -1;
        extensionLength = 0;
        if ((first & 0x10) != 0) {
            if (header + 4 > l) {
                return Reason.BAD_EXTENSION;
            }
            int words = ((b[o + header + 2] & 0xFF) << 8) | (b[o + header + 3] & 0xFF);
            int body = header + 4;
            if (body + 4 * words > l) {
                return Reason.BAD_EXTENSION;
            }
            int profile = ((b[o + header] & 0xFF) << 8) | (b[o + header + 1] & 0xFF);
            if (!elementsFit(b, o + body, o + body + 4 * words, profile)) {
                return Reason.BAD_EXTENSION;
            }
            extensionOffset = body;
            extensionLength = 4 * words;
            header = body + 4 * words;
        }
        paddingLength = 0;
        if ((first & 0x20) != 0) {
            int padding = b[o + l - 1] & 0xFF;
            if (padding == 0 || padding > l - header) {
                return Reason.BAD_PADDING;
            }
            paddingLength = padding;
        }
        headerLength = header;
        return null;
    }

    private static boolean elementsFit(byte[] b, int from, int to, int profile) {
        if (profile == ONE_BYTE_PROFILE) {
            int i = from;
            while (i < to) {
                int id = (b[i] & 0xFF) >> 4;
                if (id == 0) {
                    i++;
                } else if (id == 15) {
                    return true;
                } else {
                    i += 2 + (b[i] & 0x0F);
                    if (i > to) {
                        return false;
                    }
                }
            }
            return true;
        }
        if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            int i = from;
            while (i < to) {
                if (b[i] == 0) {
                    i++;
                } else {
                    if (i + 2 > to) {
                        return false;
                    }
                    i += 2 + (b[i + 1] & 0xFF);
                    if (i > to) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static String describeFailure(byte[] b, int o, int l) {
        if (b == null) {
            return "no buffer";
        }
        if (o < 0 || l < FIXED_HEADER_LENGTH || o > b.length - l) {
            return "packet of " + l + " bytes at offset " + o + " in a buffer of " + b.length
                + " bytes, the fixed header alone needs " + FIXED_HEADER_LENGTH;
        }
        int first = b[o] & 0xFF;
        return "first byte 0x" + Integer.toHexString(first) + " (version " + (first >> 6)
            + ", padding " + ((first & 0x20) != 0) + ", extension " + ((first & 0x10) != 0)
            + ", CSRC count " + (first & 0x0F) + ") last byte " + (b[o + l - 1] & 0xFF)
            + " in a packet of " + l + " bytes";
    }

    private void requireWrapped() {
        if (buf == null) {
            throw new IllegalStateException("no RTP packet wrapped: call wrap() and check its result first");
        }
    }

    /** The buffer holding the packet. */
    public byte[] buffer() {
        requireWrapped();
        return buf;
    }

    /** Where the packet starts in {@link #buffer()}. */
    public int offset() {
        requireWrapped();
        return off;
    }

    /** Length of the whole packet, padding included. */
    public int length() {
        requireWrapped();
        return len;
    }

    /** Whether the padding bit is set. */
    public boolean hasPadding() {
        return (buffer()[off] & 0x20) != 0;
    }

    /** Whether the extension bit is set. */
    public boolean hasExtension() {
        return (buffer()[off] & 0x10) != 0;
    }

    /** Number of CSRC identifiers (0..15). */
    public int csrcCount() {
        return buffer()[off] & 0x0F;
    }

    /** The CSRC at {@code index}, unsigned. */
    public long csrc(int index) {
        if (index < 0 || index >= csrcCount()) {
            throw new IndexOutOfBoundsException("CSRC index " + index + " of " + csrcCount());
        }
        return readUint32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    /** The marker bit. */
    public boolean marker() {
        return (buffer()[off + 1] & 0x80) != 0;
    }

    /** Payload type, 0..127. */
    public int payloadType() {
        return buffer()[off + 1] & 0x7F;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return readUint16(buffer(), off + 2);
    }

    /** RTP timestamp, unsigned 32 bits. */
    public long timestamp() {
        return readUint32(buffer(), off + 4);
    }

    /** Synchronisation source, unsigned 32 bits. */
    public long ssrc() {
        return readUint32(buffer(), off + 8);
    }

    /** The 16-bit profile of the header extension ({@code 0xBEDE}, {@code 0x100X}, …), or -1 without one. */
    public int extensionProfile() {
        requireWrapped();
        return extensionOffset < 0 ? -1 : readUint16(buf, off + extensionOffset - 4);
    }

    /** Offset in {@link #buffer()} of the header extension body (after profile and length), or -1. */
    public int extensionBodyOffset() {
        requireWrapped();
        return extensionOffset < 0 ? -1 : off + extensionOffset;
    }

    /** Length in bytes of the header extension body, 0 without one. */
    public int extensionBodyLength() {
        requireWrapped();
        return extensionLength;
    }

    /** Length of the header: fixed part, CSRCs and extension. */
    public int headerLength() {
        requireWrapped();
        return headerLength;
    }

    /** Offset in {@link #buffer()} where the payload starts. */
    public int payloadOffset() {
        requireWrapped();
        return off + headerLength;
    }

    /** Length of the payload, without padding. */
    public int payloadLength() {
        requireWrapped();
        return len - headerLength - paddingLength;
    }

    /** Number of padding bytes at the end, including the count byte; 0 without padding. */
    public int paddingLength() {
        requireWrapped();
        return paddingLength;
    }

    /**
     * Finds the header extension element {@code id}, leaving {@code cursor} on it.
     *
     * @return whether the packet carries it
     */
    public boolean findExtension(int id, RtpHeaderExtensionCursor cursor) {
        cursor.reset(this);
        while (cursor.next()) {
            if (cursor.id() == id) {
                return true;
            }
        }
        return false;
    }

    /** Sets the marker bit in place. */
    public void setMarker(boolean marker) {
        byte[] b = buffer();
        b[off + 1] = (byte) (marker ? (b[off + 1] | 0x80) : (b[off + 1] & 0x7F));
    }

    /** Sets the payload type in place, keeping the marker bit. */
    public void setPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type must be 0..127, not " + payloadType);
        }
        byte[] b = buffer();
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | payloadType);
    }

    /** Sets the sequence number in place; only the low 16 bits are used. */
    public void setSequenceNumber(int sequenceNumber) {
        writeUint16(buffer(), off + 2, sequenceNumber);
    }

    /** Sets the RTP timestamp in place; only the low 32 bits are used. */
    public void setTimestamp(long timestamp) {
        writeUint32(buffer(), off + 4, timestamp);
    }

    /** Sets the SSRC in place; only the low 32 bits are used. */
    public void setSsrc(long ssrc) {
        writeUint32(buffer(), off + 8, ssrc);
    }

    /**
     * Rewrites SSRC, sequence number and timestamp in place, as an SFU does when forwarding to one
     * subscriber. Allocation-free.
     */
    public void rewrite(long ssrc, int sequenceNumber, long timestamp) {
        byte[] b = buffer();
        writeUint16(b, off + 2, sequenceNumber);
        writeUint32(b, off + 4, timestamp);
        writeUint32(b, off + 8, ssrc);
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[unwrapped]";
        }
        return "RtpPacket[ssrc=" + ssrc() + ", seq=" + sequenceNumber() + ", ts=" + timestamp()
            + ", pt=" + payloadType() + ", marker=" + marker() + ", payload=" + payloadLength() + "]";
    }

    static int readUint16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long readUint32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8)
            | (b[i + 3] & 0xFF);
    }

    static void writeUint16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void writeUint32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}

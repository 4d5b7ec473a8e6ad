package dev.salle.rtc.rtp;

/**
 * Walks the elements of an RTP header extension in the
 * <a href="https://www.rfc-editor.org/rfc/rfc8285#section-4.2">one-byte</a> or
 * <a href="https://www.rfc-editor.org/rfc/rfc8285#section-4.3">two-byte</a> form without
 * allocating. Padding bytes (id 0) are skipped; in the one-byte form id 15 stops the walk. Other
 * extension profiles yield no elements.
 *
 * <p>Usage: {@code cursor.reset(packet); while (cursor.next()) { cursor.id() … }}. Element bounds
 * were checked by {@link RtpPacket#wrap}, so the cursor stays inside the packet. Not thread-safe;
 * reuse one per thread.
 */
public final class RtpHeaderExtensionCursor {

    private byte[] buf;
    private int pos;
    private int end;
    private boolean twoByte;
    private int id;
    private int dataOffset;
    private int dataLength;

    /** Points the cursor before the first element of {@code packet}'s header extension. */
    public void reset(RtpPacket packet) {
        buf = packet.buffer();
        int profile = packet.extensionProfile();
        id = 0;
        if (profile == RtpPacket.ONE_BYTE_PROFILE || (profile >= 0 && (profile & 0xFFF0) == RtpPacket.TWO_BYTE_PROFILE)) {
            twoByte = profile != RtpPacket.ONE_BYTE_PROFILE;
            pos = packet.extensionBodyOffset();
            end = pos + packet.extensionBodyLength();
        } else {
            pos = 0;
            end = 0;
        }
    }

    /** Moves to the next element; {@code false} when there is none. */
    public boolean next() {
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == 0 || (!twoByte && b >> 4 == 0)) {
                pos++;
                continue;
            }
            if (twoByte) {
                id = b;
                dataLength = buf[pos + 1] & 0xFF;
                dataOffset = pos + 2;
            } else {
                id = b >> 4;
                if (id == 15) {
                    pos = end;
                    return false;
                }
                dataLength = (b & 0x0F) + 1;
                dataOffset = pos + 1;
            }
            pos = dataOffset + dataLength;
            return true;
        }
        return false;
    }

    /** Local identifier of the current element: 1..14 in the one-byte form, 1..255 in the two-byte form. */
    public int id() {
        return id;
    }

    /** Offset of the current element's data in the packet's buffer. */
    public int dataOffset() {
        return dataOffset;
    }

    /** Length of the current element's data. */
    public int dataLength() {
        return dataLength;
    }
}

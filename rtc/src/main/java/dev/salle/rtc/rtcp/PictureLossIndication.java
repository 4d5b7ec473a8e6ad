package dev.salle.rtc.rtcp;

/**
 * Picture loss indication (<a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.3.1">RFC 4585
 * section 6.3.1</a>): PSFB with FMT 1 and no FCI.
 *
 * @param senderSsrc the sender of the feedback
 * @param mediaSsrc the video source that should send a key frame
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpMessage, RtcpWritable {

    /** Encoded size. */
    public static final int LENGTH = 12;

    @Override
    public int packetType() {
        return RtcpPacketTypes.PSFB;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public int writeTo(byte[] buf, int off) {
        RtcpBytes.writeHeader(buf, off, RtcpPacketTypes.FMT_PLI, RtcpPacketTypes.PSFB, LENGTH);
        RtcpBytes.writeUint32(buf, off + 4, senderSsrc);
        RtcpBytes.writeUint32(buf, off + 8, mediaSsrc);
        return LENGTH;
    }
}

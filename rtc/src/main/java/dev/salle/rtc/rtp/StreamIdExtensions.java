package dev.salle.rtc.rtp;

import java.nio.charset.StandardCharsets;

/**
 * Writes the mid and rid header extensions (RFC 8843 §15, RFC 8852 §3) into an RTP packet that
 * has none, in the one-byte form (RFC 8285 §4.2): what a simulcast receiver needs to tell the
 * layers apart before it knows their SSRCs. Stateless.
 */
public final class StreamIdExtensions {

    private StreamIdExtensions() {}

    /**
     * A copy of {@code packet} with a one-byte extension block holding {@code mid} and {@code rid};
     * the packet as it is (not copied) when it already has an extension block or is not a whole
     * RTP header.
     *
     * @param midId the mid extension's id, 1..14, as negotiated
     * @param mid the media section's mid, 1 to 16 ASCII characters
     * @param ridId the rid extension's id, 1..14, another than {@code midId}
     * @param rid the layer's rid, 1 to 16 ASCII characters
     */
    public static byte[] withMidAndRid(byte[] packet, int midId, String mid, int ridId, String rid) {
        if (midId < 1 || midId > 14 || ridId < 1 || ridId > 14 || midId == ridId) {
            throw new IllegalArgumentException("extension ids must be two different values 1..14, got " + midId
                    + " and " + ridId);
        }
        byte[] m = ascii(mid, "mid");
        byte[] r = ascii(rid, "rid");
        if (packet.length < RtpPacket.FIXED_HEADER_LENGTH || (packet[0] & 0xC0) != 0x80 || (packet[0] & 0x10) != 0) {
            return packet;
        }
        int header = RtpPacket.FIXED_HEADER_LENGTH + 4 * (packet[0] & 0x0F);
        if (packet.length < header) {
            return packet;
        }
        int body = 2 + m.length + r.length;
        int padded = (body + 3) & ~3;
        byte[] out = new byte[packet.length + 4 + padded];
        System.arraycopy(packet, 0, out, 0, header);
        out[0] |= 0x10;
        int o = header;
        out[o++] = (byte) 0xBE;
        out[o++] = (byte) 0xDE;
        out[o++] = (byte) ((padded / 4) >> 8);
        out[o++] = (byte) (padded / 4);
        out[o++] = (byte) ((midId << 4) | (m.length - 1));
        System.arraycopy(m, 0, out, o, m.length);
        o += m.length;
        out[o++] = (byte) ((ridId << 4) | (r.length - 1));
        System.arraycopy(r, 0, out, o, r.length);
        System.arraycopy(packet, header, out, header + 4 + padded, packet.length - header);
        return out;
    }

    private static byte[] ascii(String value, String what) {
        if (value == null || value.isEmpty() || value.length() > 16 || !value.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1 to 16 visible ASCII characters");
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}

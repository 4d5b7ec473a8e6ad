package dev.salle.media.rtp;

import java.util.Arrays;

/** An RTP packet as parsed by tests (RFC 3550 section 5.1). */
public record RtpPacket(int version, boolean marker, int payloadType, int sequenceNumber, long timestamp,
        long ssrc, byte[] payload) {

    private static final int FIXED_HEADER = 12;

    /** Parses one packet; rejects anything shorter than its own header claims. */
    public static RtpPacket parse(byte[] packet) {
        if (packet.length < FIXED_HEADER) {
            throw new IllegalArgumentException("RTP packet of " + packet.length + " bytes is shorter than the 12-byte header");
        }
        int version = (packet[0] & 0xC0) >>> 6;
        if (version != 2) {
            throw new IllegalArgumentException("RTP version is " + version + "; only version 2 exists");
        }
        boolean padding = (packet[0] & 0x20) != 0;
        boolean extension = (packet[0] & 0x10) != 0;
        int csrcCount = packet[0] & 0x0F;
        int offset = FIXED_HEADER + 4 * csrcCount;
        if (extension) {
            requireLength(packet, offset + 4, "header extension");
            int words = ((packet[offset + 2] & 0xFF) << 8) | (packet[offset + 3] & 0xFF);
            offset += 4 + 4 * words;
        }
        requireLength(packet, offset, "CSRC list and extension");
        int end = packet.length;
        if (padding) {
            int pad = packet[end - 1] & 0xFF;
            if (pad == 0 || end - pad < offset) {
                throw new IllegalArgumentException("RTP padding of " + pad + " bytes does not fit the " + end + "-byte packet");
            }
            end -= pad;
        }
        return new RtpPacket(version, (packet[1] & 0x80) != 0, packet[1] & 0x7F,
                ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF), readUnsigned32(packet, 4), readUnsigned32(packet, 8),
                Arrays.copyOfRange(packet, offset, end));
    }

    private static void requireLength(byte[] packet, int needed, String part) {
        if (packet.length < needed) {
            throw new IllegalArgumentException("RTP packet of " + packet.length + " bytes is truncated in its " + part
                    + " (needs " + needed + ")");
        }
    }

    private static long readUnsigned32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}

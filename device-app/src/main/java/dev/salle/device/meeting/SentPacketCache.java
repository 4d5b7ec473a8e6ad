package dev.salle.device.meeting;

/**
 * The last RTP packets sent on one SSRC, by sequence number, to answer NACKs (RFC 4585 §6.2.1).
 * A ring of {@code size} slots (a power of two); a slot holds the packet whose sequence number
 * maps to it, so a lookup of an older, overwritten one misses.
 *
 * <p>Threading: one writer (the encoder's thread) and one reader (the RTCP thread); a reader may
 * miss a packet being written, never get a wrong one.
 */
final class SentPacketCache {

    private final byte[][] packets;
    private final int mask;

    SentPacketCache(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("cache size " + size + " is not a power of two");
        }
        this.packets = new byte[size][];
        this.mask = size - 1;
    }

    /** Keeps a packet (the array itself: callers must not change it afterwards). */
    synchronized void put(byte[] packet) {
        packets[sequence(packet) & mask] = packet;
    }

    /** The packet with this sequence number, or null when it is no longer held. */
    synchronized byte[] get(int sequenceNumber) {
        byte[] p = packets[sequenceNumber & mask];
        return p != null && sequence(p) == (sequenceNumber & 0xFFFF) ? p : null;
    }

    private static int sequence(byte[] packet) {
        return ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    }
}

package dev.salle.bridge.sfu;

/**
 * The last {@code capacity} packets of one RTP stream, by sequence number, to answer NACKs
 * (RFC 4585 §6.2.1) without asking the publisher. Slots are allocated once; storing copies into
 * a slot. A packet is found only while its slot still holds that sequence number.
 *
 * <p>Threading: one writer (the stream's receive thread) and readers serialised with it; the
 * class is not thread-safe on its own.
 */
public final class PacketCache {

    public static final int MAX_PACKET = 1500;

    private final byte[][] slots;
    private final int[] lengths;
    private final int[] sequence;
    private long stored;
    private long tooLarge;

    /** @param capacity a power of two, 16 to 8192 (512 holds about 2 s of 720p video) */
    public PacketCache(int capacity) {
        if (capacity < 16 || capacity > 8192 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("packet cache capacity must be a power of two from 16 to 8192, got " + capacity);
        }
        slots = new byte[capacity][MAX_PACKET];
        lengths = new int[capacity];
        sequence = new int[capacity];
        java.util.Arrays.fill(sequence, -1);
    }

    /** Keeps a copy of a packet under its sequence number (0-65535). Larger than 1500 bytes: not kept, counted. */
    public void store(int sequenceNumber, byte[] buf, int off, int len) {
        if (len > MAX_PACKET || len <= 0) {
            tooLarge++;
            return;
        }
        int i = sequenceNumber & (slots.length - 1);
        System.arraycopy(buf, off, slots[i], 0, len);
        lengths[i] = len;
        sequence[i] = sequenceNumber & 0xFFFF;
        stored++;
    }

    /**
     * Copies the packet with that sequence number into {@code out}.
     *
     * @return its length, or -1 when it is no longer (or never was) in the cache
     */
    public int copy(int sequenceNumber, byte[] out, int outOff) {
        int i = sequenceNumber & (slots.length - 1);
        if (sequence[i] != (sequenceNumber & 0xFFFF)) {
            return -1;
        }
        System.arraycopy(slots[i], 0, out, outOff, lengths[i]);
        return lengths[i];
    }

    public int capacity() {
        return slots.length;
    }

    public long stored() {
        return stored;
    }

    /** Packets not kept because they were empty or larger than {@value #MAX_PACKET} bytes. */
    public long rejected() {
        return tooLarge;
    }
}

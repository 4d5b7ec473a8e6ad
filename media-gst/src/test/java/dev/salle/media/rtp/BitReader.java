package dev.salle.media.rtp;

/** Reads bits MSB first, with Exp-Golomb codes (ITU-T H.264 section 9.1). Rejects reads past the end. */
final class BitReader {

    private final byte[] data;
    private int bitPosition;

    BitReader(byte[] data) {
        this.data = data;
    }

    int bit() {
        if (bitPosition >= data.length * 8) {
            throw new IllegalArgumentException("bitstream truncated: read past bit " + data.length * 8);
        }
        int value = (data[bitPosition >>> 3] >>> (7 - (bitPosition & 7))) & 1;
        bitPosition++;
        return value;
    }

    int bits(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 1) | bit();
        }
        return value;
    }

    boolean flag() {
        return bit() == 1;
    }

    /** ue(v). */
    int unsignedExpGolomb() {
        int leadingZeros = 0;
        while (bit() == 0) {
            leadingZeros++;
            if (leadingZeros > 31) {
                throw new IllegalArgumentException("Exp-Golomb code longer than 32 bits at bit " + bitPosition);
            }
        }
        return (int) ((1L << leadingZeros) - 1 + bits(leadingZeros));
    }

    /** se(v). */
    int signedExpGolomb() {
        int k = unsignedExpGolomb();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}

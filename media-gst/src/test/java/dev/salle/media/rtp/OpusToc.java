package dev.salle.media.rtp;

/** The TOC byte of an Opus packet (RFC 6716 section 3.1). */
public record OpusToc(int config, boolean stereo, int frameCountCode) {

    public static OpusToc parse(byte[] opusPacket) {
        if (opusPacket.length < 1) {
            throw new IllegalArgumentException("Opus packet is empty; RFC 6716 needs at least the TOC byte");
        }
        int toc = opusPacket[0] & 0xFF;
        return new OpusToc(toc >>> 3, (toc & 0x04) != 0, toc & 0x03);
    }

    /** Duration of one frame in microseconds, from the configuration number (RFC 6716 table 2). */
    public int frameDurationMicros() {
        if (config < 12) {
            return new int[] {10_000, 20_000, 40_000, 60_000}[config % 4];
        }
        if (config < 16) {
            return config % 2 == 0 ? 10_000 : 20_000;
        }
        return new int[] {2_500, 5_000, 10_000, 20_000}[config % 4];
    }
}

package dev.salle.hw.display;

import java.util.Optional;

/**
 * The preferred timing of an EDID: its first detailed timing descriptor (bytes 54–71 of the base
 * block, VESA E-EDID 1.4 section 3.10.2), enough to get size and refresh rate.
 */
record EdidTiming(int width, int height, int refreshHz) {

    private static final byte[] HEADER = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};

    /** Empty when the bytes are not an EDID base block or the first descriptor is not a timing. */
    static Optional<EdidTiming> preferred(byte[] edid) {
        if (edid.length < 128) {
            return Optional.empty();
        }
        for (int i = 0; i < HEADER.length; i++) {
            if (edid[i] != HEADER[i]) {
                return Optional.empty();
            }
        }
        int d = 54;
        long pixelClockHz = (u(edid, d) | u(edid, d + 1) << 8) * 10_000L;
        if (pixelClockHz == 0) {
            return Optional.empty();
        }
        int hActive = u(edid, d + 2) | (u(edid, d + 4) >> 4) << 8;
        int hBlank = u(edid, d + 3) | (u(edid, d + 4) & 0x0f) << 8;
        int vActive = u(edid, d + 5) | (u(edid, d + 7) >> 4) << 8;
        int vBlank = u(edid, d + 6) | (u(edid, d + 7) & 0x0f) << 8;
        long total = (long) (hActive + hBlank) * (vActive + vBlank);
        if (hActive == 0 || vActive == 0 || total == 0) {
            return Optional.empty();
        }
        return Optional.of(new EdidTiming(hActive, vActive, (int) Math.round((double) pixelClockHz / total)));
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xff;
    }
}

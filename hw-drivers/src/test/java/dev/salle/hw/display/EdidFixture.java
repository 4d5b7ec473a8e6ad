package dev.salle.hw.display;

/** Builds a minimal EDID base block whose first detailed timing is 1920x1080 at 60 Hz (CEA 1080p60). */
final class EdidFixture {

    private EdidFixture() {}

    static byte[] fullHd60() {
        byte[] edid = new byte[128];
        for (int i = 1; i <= 6; i++) {
            edid[i] = (byte) 0xff;
        }
        int[] descriptor = {0x02, 0x3a, 0x80, 0x18, 0x71, 0x38, 0x2d, 0x40};
        for (int i = 0; i < descriptor.length; i++) {
            edid[54 + i] = (byte) descriptor[i];
        }
        return edid;
    }
}

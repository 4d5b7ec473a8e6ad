package dev.salle.media.rtp;

import java.io.ByteArrayOutputStream;
import java.util.Set;

/** The fields of an H.264 SPS that tests check (ITU-T H.264 section 7.3.2.1.1). */
public record SequenceParameterSet(int profileIdc, int levelIdc, int width, int height) {

    private static final Set<Integer> HIGH_PROFILES = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

    /** Parses an SPS NAL unit, header byte included. */
    public static SequenceParameterSet parse(byte[] nal) {
        if (nal.length < 4 || (nal[0] & 0x1F) != 7) {
            throw new IllegalArgumentException("not an SPS NAL unit: " + nal.length + " bytes, type " + (nal.length > 0 ? nal[0] & 0x1F : -1));
        }
        BitReader r = new BitReader(withoutEmulationPrevention(nal));
        r.bits(8);
        int profile = r.bits(8);
        r.bits(8);
        int level = r.bits(8);
        r.unsignedExpGolomb();
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        if (HIGH_PROFILES.contains(profile)) {
            chromaFormat = r.unsignedExpGolomb();
            if (chromaFormat == 3) {
                separateColourPlanes = r.flag();
            }
            r.unsignedExpGolomb();
            r.unsignedExpGolomb();
            r.flag();
            if (r.flag()) {
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.unsignedExpGolomb();
        int pocType = r.unsignedExpGolomb();
        if (pocType == 0) {
            r.unsignedExpGolomb();
        } else if (pocType == 1) {
            r.flag();
            r.signedExpGolomb();
            r.signedExpGolomb();
            int cycle = r.unsignedExpGolomb();
            if (cycle > 255) {
                throw new IllegalArgumentException("SPS num_ref_frames_in_pic_order_cnt_cycle is " + cycle + "; at most 255");
            }
            for (int i = 0; i < cycle; i++) {
                r.signedExpGolomb();
            }
        }
        r.unsignedExpGolomb();
        r.flag();
        int widthMbs = r.unsignedExpGolomb() + 1;
        int heightMapUnits = r.unsignedExpGolomb() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.flag();
        }
        r.flag();
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.flag()) {
            cropLeft = r.unsignedExpGolomb();
            cropRight = r.unsignedExpGolomb();
            cropTop = r.unsignedExpGolomb();
            cropBottom = r.unsignedExpGolomb();
        }
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
        int fieldFactor = frameMbsOnly ? 1 : 2;
        int cropUnitX = chromaArrayType == 0 ? 1 : (chromaArrayType == 3 ? 1 : 2);
        int cropUnitY = chromaArrayType == 0 ? fieldFactor : (chromaArrayType == 1 ? 2 : 1) * fieldFactor;
        int width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = fieldFactor * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        return new SequenceParameterSet(profile, level, width, height);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.signedExpGolomb() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    private static byte[] withoutEmulationPrevention(byte[] nal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out.write(b);
        }
        return out.toByteArray();
    }
}

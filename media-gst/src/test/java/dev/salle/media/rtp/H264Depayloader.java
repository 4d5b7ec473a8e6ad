package dev.salle.media.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reassembles H.264 NAL units from RTP payloads (RFC 6184): single NAL unit packets (section
 * 5.6), STAP-A (5.7.1) and FU-A (5.8). Not thread-safe; feed packets in sequence order.
 */
public final class H264Depayloader {

    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private ByteArrayOutputStream fragment;

    /** The NAL units completed by this payload (none while a fragmented unit is in progress). */
    public List<byte[]> push(byte[] payload) {
        if (payload.length < 1) {
            throw new IllegalArgumentException("H.264 RTP payload is empty; RFC 6184 needs at least the NAL header");
        }
        int type = payload[0] & 0x1F;
        List<byte[]> out = new ArrayList<>();
        if (type >= 1 && type <= 23) {
            out.add(payload.clone());
        } else if (type == STAP_A) {
            int at = 1;
            while (at < payload.length) {
                if (at + 2 > payload.length) {
                    throw new IllegalArgumentException("STAP-A truncated at byte " + at + " of " + payload.length + ": no room for a size");
                }
                int size = ((payload[at] & 0xFF) << 8) | (payload[at + 1] & 0xFF);
                at += 2;
                if (size == 0 || at + size > payload.length) {
                    throw new IllegalArgumentException("STAP-A unit of " + size + " bytes at byte " + at
                            + " does not fit the " + payload.length + "-byte payload");
                }
                out.add(java.util.Arrays.copyOfRange(payload, at, at + size));
                at += size;
            }
        } else if (type == FU_A) {
            if (payload.length < 3) {
                throw new IllegalArgumentException("FU-A payload of " + payload.length + " bytes is truncated; needs indicator, header and data");
            }
            boolean start = (payload[1] & 0x80) != 0;
            boolean end = (payload[1] & 0x40) != 0;
            if (start) {
                fragment = new ByteArrayOutputStream();
                fragment.write((payload[0] & 0xE0) | (payload[1] & 0x1F));
            } else if (fragment == null) {
                throw new IllegalArgumentException("FU-A continuation without a start fragment");
            }
            fragment.write(payload, 2, payload.length - 2);
            if (end) {
                out.add(fragment.toByteArray());
                fragment = null;
            }
        } else {
            throw new IllegalArgumentException("H.264 RTP packet type " + type + " is not handled (single NAL, STAP-A, FU-A only)");
        }
        return out;
    }

    /** The nal_unit_type of a NAL unit: 5 IDR, 7 SPS, 8 PPS. */
    public static int nalType(byte[] nal) {
        return nal[0] & 0x1F;
    }
}

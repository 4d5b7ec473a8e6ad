package dev.salle.rtc.rtcp;

import static dev.salle.rtc.rtcp.Hex.hex;

/** Packets built by hand from the layouts in the RFCs. */
final class RtcpVectors {

    /** RFC 3550 6.4.1: SSRC 0x11223344, NTP 0xe12b3c4d80000000, RTP 123456, 100 packets, 16000 octets. */
    static final byte[] SR = hex("80 c8 00 06 11 22 33 44 e1 2b 3c 4d 80 00 00 00 00 01 e2 40 00 00 00 64 00 00 3e 80");
    /** RFC 3550 6.4.2: RR from 1 with one block about 2, fraction 64, cumulative -2. */
    static final byte[] RR = hex("81 c9 00 07 00 00 00 01 00 00 00 02 40 ff ff fe 00 01 00 05 00 00 00 20"
        + " 4d 80 00 00 00 01 80 00");
    /** RFC 3550 6.5: one chunk, CNAME "abcde", end byte. */
    static final byte[] SDES = hex("81 ca 00 03 11 22 33 44 01 05 61 62 63 64 65 00");
    /** RFC 3550 6.6: one SSRC, reason "gone". */
    static final byte[] BYE = hex("81 cb 00 03 11 22 33 44 04 67 6f 6e 65 00 00 00");
    /** RFC 4585 6.2.1: PID 100, BLP 0x8005, so 100, 101, 103, 116. */
    static final byte[] NACK = hex("81 cd 00 03 00 00 00 01 00 00 00 02 00 64 80 05");
    /** RFC 4585 6.3.1. */
    static final byte[] PLI = hex("81 ce 00 02 00 00 00 01 00 00 00 02");
    /** RFC 5104 4.3.1: one entry, SSRC 2, sequence 7. */
    static final byte[] FIR = hex("84 ce 00 04 00 00 00 01 00 00 00 00 00 00 00 02 07 00 00 00");
    /** REMB: 1 SSRC, exponent 2, mantissa 250000 = 1 Mbit/s, SSRC 2. */
    static final byte[] REMB = hex("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 0b d0 90 00 00 00 02");
    /** Transport-cc: base 10, 3 packets, reference time 16, feedback count 5. */
    static final byte[] TRANSPORT_CC = hex("8f cd 00 04 00 00 00 01 00 00 00 02 00 0a 00 03 00 00 10 05");
    /** APP packet, name "TEST", no data. */
    static final byte[] APP = hex("80 cc 00 02 00 00 00 01 54 45 53 54");

    private RtcpVectors() {
    }
}

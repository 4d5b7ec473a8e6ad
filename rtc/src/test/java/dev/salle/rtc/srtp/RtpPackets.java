package dev.salle.rtc.srtp;

/** Builds small RTP and RTCP packets for the SRTP tests. */
final class RtpPackets {
  private RtpPackets() {}

  static byte[] rtp(int seq, long ssrc, int payloadLength) {
    byte[] p = new byte[12 + payloadLength];
    p[0] = (byte) 0x80;
    p[1] = 111;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[4] = 0x12;
    p[5] = 0x34;
    p[6] = 0x56;
    p[7] = 0x78;
    putSsrc(p, 8, ssrc);
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (i * 7);
    }
    return p;
  }

  /** RTP with one CSRC and a one-byte-header extension of one word. */
  static byte[] rtpWithCsrcAndExtension(int seq, long ssrc) {
    byte[] p = new byte[12 + 4 + 8 + 20];
    p[0] = (byte) 0x91;
    p[1] = 96;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    putSsrc(p, 8, ssrc);
    putSsrc(p, 12, 0x01020304L);
    p[16] = (byte) 0xbe;
    p[17] = (byte) 0xde;
    p[18] = 0;
    p[19] = 1;
    p[20] = 0x10;
    p[21] = 0x42;
    for (int i = 24; i < p.length; i++) {
      p[i] = (byte) i;
    }
    return p;
  }

  /** An RTCP receiver report with one report block. */
  static byte[] rtcp(long ssrc) {
    byte[] p = new byte[32];
    p[0] = (byte) 0x81;
    p[1] = (byte) 201;
    p[3] = 7;
    putSsrc(p, 4, ssrc);
    for (int i = 8; i < p.length; i++) {
      p[i] = (byte) (i * 3);
    }
    return p;
  }

  private static void putSsrc(byte[] p, int at, long ssrc) {
    p[at] = (byte) (ssrc >> 24);
    p[at + 1] = (byte) (ssrc >> 16);
    p[at + 2] = (byte) (ssrc >> 8);
    p[at + 3] = (byte) ssrc;
  }
}

package dev.salle.rtc.srtp;

import static dev.salle.rtc.srtp.SrtpCounters.Operation.PROTECT_RTP;
import static dev.salle.rtc.srtp.SrtpCounters.Operation.UNPROTECT_RTCP;
import static dev.salle.rtc.srtp.SrtpCounters.Operation.UNPROTECT_RTP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
  private SrtpSession client;
  private SrtpSession server;

  private void connect(SrtpProfile profile) {
    byte[] material = new byte[profile.keyingMaterialLength()];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) (i * 31 + 5);
    }
    SrtpKeys keys = SrtpKeys.fromKeyingMaterial(profile, material);
    client = SrtpSession.fromDtls(keys, true);
    server = SrtpSession.fromDtls(keys, false);
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
      server.close();
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void protectedRtpUnprotectsToTheOriginal(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] rtp = RtpPackets.rtp(1000, 0x11223344L, 160);

    byte[] srtp = client.protectRtp(rtp);

    assertThat(srtp).hasSize(rtp.length + profile.tagLength());
    assertThat(Arrays.copyOfRange(srtp, 0, 12)).isEqualTo(Arrays.copyOfRange(rtp, 0, 12));
    assertThat(Arrays.copyOfRange(srtp, 12, rtp.length))
        .isNotEqualTo(Arrays.copyOfRange(rtp, 12, rtp.length));
    assertThat(server.unprotectRtp(srtp)).isEqualTo(rtp);
    assertThat(server.counters().count(UNPROTECT_RTP, SrtpStatus.OK)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void protectionWorksInPlaceWhenTheBufferHasRoomForTheTag(SrtpProfile profile) {
    connect(profile);
    byte[] rtp = RtpPackets.rtp(7, 0xABCDEF01L, 50);
    byte[] array = Arrays.copyOf(rtp, 200);
    PacketBuffer buf = new PacketBuffer(array, 0, rtp.length);

    assertThat(client.protectRtp(buf)).isEqualTo(SrtpStatus.OK);
    assertThat(buf.array()).isSameAs(array);
    assertThat(server.unprotectRtp(buf)).isEqualTo(SrtpStatus.OK);
    assertThat(buf.toByteArray()).isEqualTo(rtp);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void headerWithCsrcAndExtensionStaysInTheClearAndRoundTrips(SrtpProfile profile)
      throws Exception {
    connect(profile);
    byte[] rtp = RtpPackets.rtpWithCsrcAndExtension(3, 0x55667788L);

    byte[] srtp = client.protectRtp(rtp);

    assertThat(Arrays.copyOfRange(srtp, 0, 24)).isEqualTo(Arrays.copyOfRange(rtp, 0, 24));
    assertThat(server.unprotectRtp(srtp)).isEqualTo(rtp);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void flippedPayloadByteFailsAuthenticationAndIsCounted(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] srtp = client.protectRtp(RtpPackets.rtp(1, 0x01L, 100));
    srtp[40] ^= 0x01;

    assertThat(server.unprotectRtp(PacketBuffer.wrap(srtp))).isEqualTo(SrtpStatus.AUTH_FAILED);
    assertThat(server.counters().count(UNPROTECT_RTP, SrtpStatus.AUTH_FAILED)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void flippedHeaderByteFailsAuthentication(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] srtp = client.protectRtp(RtpPackets.rtp(1, 0x01L, 100));
    srtp[5] ^= 0x40;

    assertThatThrownBy(() -> server.unprotectRtp(srtp))
        .isInstanceOfSatisfying(SrtpException.class,
            e -> assertThat(e.status()).isEqualTo(SrtpStatus.AUTH_FAILED))
        .hasMessageContaining("UNPROTECT_RTP").hasMessageContaining("drop the packet");
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void replayedPacketIsRejectedAndCounted(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] srtp = client.protectRtp(RtpPackets.rtp(500, 0x42L, 20));
    server.unprotectRtp(srtp.clone());

    assertThat(server.unprotectRtp(PacketBuffer.wrap(srtp.clone())))
        .isEqualTo(SrtpStatus.REPLAY);
    assertThat(server.counters().count(UNPROTECT_RTP, SrtpStatus.REPLAY)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void reorderedPacketsInsideTheReplayWindowAreAccepted(SrtpProfile profile)
      throws Exception {
    connect(profile);
    byte[] early = client.protectRtp(RtpPackets.rtp(100, 0x42L, 20));
    byte[] late = client.protectRtp(RtpPackets.rtp(101, 0x42L, 20));
    for (int seq = 102; seq < 300; seq++) {
      client.protectRtp(RtpPackets.rtp(seq, 0x42L, 20));
    }
    byte[] newest = client.protectRtp(RtpPackets.rtp(300, 0x42L, 20));

    assertThat(server.unprotectRtp(PacketBuffer.wrap(late))).isEqualTo(SrtpStatus.OK);
    assertThat(server.unprotectRtp(PacketBuffer.wrap(early))).isEqualTo(SrtpStatus.OK);
    assertThat(server.unprotectRtp(PacketBuffer.wrap(newest))).isEqualTo(SrtpStatus.OK);
    assertThat(server.counters().count(UNPROTECT_RTP, SrtpStatus.OK)).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void sequenceNumberWrapAdvancesTheRolloverCounterOnBothSides(SrtpProfile profile)
      throws Exception {
    connect(profile);
    int[] seqs = {65533, 65534, 65535, 0, 1, 2};
    for (int seq : seqs) {
      byte[] rtp = RtpPackets.rtp(seq, 0x77L, 40);

      byte[] back = server.unprotectRtp(client.protectRtp(rtp));

      assertThat(back).as("seq %d", seq).isEqualTo(rtp);
    }
    assertThat(server.counters().count(UNPROTECT_RTP, SrtpStatus.OK)).isEqualTo(seqs.length);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void packetFarBehindTheReplayWindowIsTooOld(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] old = client.protectRtp(RtpPackets.rtp(10, 0x42L, 20));
    byte[] current = client.protectRtp(RtpPackets.rtp(200, 0x42L, 20));
    server.unprotectRtp(current);

    assertThat(server.unprotectRtp(PacketBuffer.wrap(old))).isEqualTo(SrtpStatus.REPLAY_TOO_OLD);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void sendingTheSameSequenceNumberTwiceIsRefused(SrtpProfile profile) throws Exception {
    connect(profile);
    client.protectRtp(RtpPackets.rtp(9, 0x42L, 20));

    assertThat(client.protectRtp(PacketBuffer.copyOf(RtpPackets.rtp(9, 0x42L, 20), 16)))
        .isEqualTo(SrtpStatus.REPLAY);
    assertThat(client.counters().count(PROTECT_RTP, SrtpStatus.REPLAY)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtcpRoundTripsAndReplayIsRejected(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] rtcp = RtpPackets.rtcp(0x0A0B0C0DL);

    byte[] srtcp = server.protectRtcp(rtcp);

    assertThat(srtcp).hasSize(rtcp.length + 4 + profile.tagLength());
    assertThat(client.unprotectRtcp(srtcp.clone())).isEqualTo(rtcp);
    assertThat(client.unprotectRtcp(PacketBuffer.wrap(srtcp))).isEqualTo(SrtpStatus.REPLAY);
    assertThat(client.counters().count(UNPROTECT_RTCP, SrtpStatus.REPLAY)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void tamperedRtcpFailsAuthentication(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] srtcp = server.protectRtcp(RtpPackets.rtcp(0x0A0B0C0DL));
    srtcp[10] ^= (byte) 0x80;

    assertThat(client.unprotectRtcp(PacketBuffer.wrap(srtcp))).isEqualTo(SrtpStatus.AUTH_FAILED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void truncatedPacketsAreTooShort(SrtpProfile profile) throws Exception {
    connect(profile);
    byte[] srtp = client.protectRtp(RtpPackets.rtp(1, 0x42L, 0));

    assertThat(server.unprotectRtp(new PacketBuffer(srtp, 0, 11))).isEqualTo(SrtpStatus.TOO_SHORT);
    assertThat(server.unprotectRtp(new PacketBuffer(srtp, 0, srtp.length - 1)))
        .isIn(SrtpStatus.TOO_SHORT, SrtpStatus.AUTH_FAILED);
    assertThat(server.unprotectRtcp(new PacketBuffer(new byte[10], 0, 10)))
        .isEqualTo(SrtpStatus.TOO_SHORT);
    assertThat(client.protectRtp(new PacketBuffer(new byte[8], 0, 8)))
        .isEqualTo(SrtpStatus.TOO_SHORT);
    assertThat(server.counters().failures(UNPROTECT_RTP)).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void extensionLongerThanThePacketIsTooShort(SrtpProfile profile) {
    connect(profile);
    byte[] rtp = RtpPackets.rtpWithCsrcAndExtension(1, 0x42L);
    rtp[18] = 0x10;

    assertThat(client.protectRtp(PacketBuffer.wrap(rtp))).isEqualTo(SrtpStatus.TOO_SHORT);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void nonVersionTwoPacketIsMalformed(SrtpProfile profile) {
    connect(profile);
    byte[] rtp = RtpPackets.rtp(1, 0x42L, 10);
    rtp[0] = 0x40;

    assertThat(client.protectRtp(PacketBuffer.wrap(rtp))).isEqualTo(SrtpStatus.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void newSsrcBeyondTheStreamLimitIsUnknownButForgedPacketsTakeNoSlot(SrtpProfile profile)
      throws Exception {
    byte[] key = new byte[profile.keyLength()];
    byte[] salt = new byte[profile.saltLength()];
    SrtpMasterKey k = new SrtpMasterKey(profile, key, salt);
    try (SrtpSession sender = new SrtpSession(profile, k, k, 10);
        SrtpSession receiver = new SrtpSession(profile, k, k, 2)) {
      byte[] forged = sender.protectRtp(RtpPackets.rtp(1, 0x99L, 10));
      forged[20] ^= 1;
      assertThat(receiver.unprotectRtp(PacketBuffer.wrap(forged)))
          .isEqualTo(SrtpStatus.AUTH_FAILED);

      receiver.unprotectRtp(sender.protectRtp(RtpPackets.rtp(1, 0x01L, 10)));
      receiver.unprotectRtp(sender.protectRtp(RtpPackets.rtp(1, 0x02L, 10)));
      byte[] third = sender.protectRtp(RtpPackets.rtp(2, 0x99L, 10));

      assertThat(receiver.unprotectRtp(PacketBuffer.wrap(third)))
          .isEqualTo(SrtpStatus.UNKNOWN_SSRC);
      assertThat(receiver.counters().count(UNPROTECT_RTP, SrtpStatus.UNKNOWN_SSRC)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void packetsFromTheWrongKeyFailAuthentication(SrtpProfile profile) throws Exception {
    connect(profile);

    byte[] srtp = client.protectRtp(RtpPackets.rtp(1, 0x42L, 30));

    assertThat(client.counters().count(PROTECT_RTP, SrtpStatus.OK)).isEqualTo(1);
    // the client's own receive side expects the server key
    assertThat(client.unprotectRtp(PacketBuffer.wrap(srtp))).isEqualTo(SrtpStatus.AUTH_FAILED);
  }
}

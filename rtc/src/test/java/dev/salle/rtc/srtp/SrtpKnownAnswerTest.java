package dev.salle.rtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.jitsi.srtp.crypto.SrtpCipherGcm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Known-answer tests. Values typed from RFC 3711 Appendix B.2/B.3, RFC 7714 §16.1.1 and the
 * libsrtp reference packets (srtp_driver.c, whose master key and salt are RFC 3711 B.3's). The
 * cipher-level vectors run on the JDK's Java AES (SunJCE) always and on jitsi-srtp's native
 * OpenSSL provider when it loaded; the packet-level vectors run through {@link SrtpSession} with
 * whatever jitsi-srtp selects.
 */
class SrtpKnownAnswerTest {
  private static final Logger LOG = LoggerFactory.getLogger(SrtpKnownAnswerTest.class);
  private static final HexFormat HEX = HexFormat.of();

  // RFC 3711 B.3
  private static final byte[] B3_MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
  private static final byte[] B3_MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
  private static final byte[] B3_CIPHER_KEY = HEX.parseHex("c61e7a93744f39ee10734afe3ff7a087");
  private static final byte[] B3_CIPHER_SALT = HEX.parseHex("30cbbc08863d8c85d49db34a9ae1");
  private static final byte[] B3_AUTH_KEY =
      HEX.parseHex("cebe321f6ff7716b6fd4ab49af256a156d38baa4");

  // libsrtp reference RTP packet: seq 0x1234, SSRC 0xcafebabe, 16 bytes of 0xab
  private static final byte[] RTP_PLAIN =
      HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
  private static final byte[] SRTP_CM = HEX.parseHex("800f1234decafbadcafebabe"
      + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb");
  private static final byte[] RTCP_PLAIN = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
  private static final byte[] SRTCP_CM = HEX.parseHex("81c8000bcafebabe"
      + "7128035be487b9bdbef89041f977a5a8" + "80000001" + "993e08cd54d6c1230798");

  // libsrtp AEAD_AES_128_GCM reference packets
  private static final byte[] GCM_MASTER_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
  private static final byte[] GCM_MASTER_SALT = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
  private static final byte[] SRTP_GCM = HEX.parseHex("800f1234decafbadcafebabe"
      + "c5002ede04cfdd2eb91159e0880aa06e" + "d2976826f796b201df3131a127e8a392");
  private static final byte[] SRTCP_GCM = HEX.parseHex("81c8000bcafebabe"
      + "c98b8b5df0392a55852b6c21ac8e7025" + "c52c6fbea2b3b446ea31123ba88ce61e" + "80000001");

  static List<Provider> aesProviders() {
    List<Provider> providers = new ArrayList<>();
    providers.add(java.security.Security.getProvider("SunJCE"));
    if (JitsiOpenSslProvider.isLoaded()) {
      providers.add(new JitsiOpenSslProvider());
    }
    return providers;
  }

  private static byte[] ctrKeystream(Provider provider, byte[] key, byte[] iv, int length)
      throws Exception {
    SrtpCipherCtr ctr = new SrtpCipherCtr(Cipher.getInstance("AES/CTR/NoPadding", provider));
    ctr.init(key, null);
    ctr.setIV(iv, Cipher.ENCRYPT_MODE);
    byte[] data = new byte[length];
    ctr.process(data, 0, length);
    return data;
  }

  @ParameterizedTest
  @MethodSource("aesProviders")
  void aesCounterModeKeystreamMatchesRfc3711AppendixB2(Provider provider) throws Exception {
    byte[] key = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    byte[] iv = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");

    byte[] ks = ctrKeystream(provider, key, iv, 16 * 0xff02);

    assertThat(HEX.formatHex(ks, 0, 48)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4"
        + "d23513162b02d0f72a43a2fe4a5f97ab" + "41e95b3bb0a2e8dd477901e4fca894c0");
    assertThat(HEX.formatHex(ks, 16 * 0xfeff, 16 * 0xff02)).isEqualTo(
        "ec8cdf7398607cb0f2d21675ea9ea1e4" + "362b7c3c6773516318a077d7fc5073ae"
            + "6a2cc3787889374fbeb4c81b17ba6c44");
  }

  /** RFC 3711 §4.1.1: IV = (k_s·2^16) XOR (SSRC·2^64) XOR (i·2^16). */
  private static byte[] aesCmIv(byte[] sessionSalt, long ssrc, long index) {
    byte[] iv = Arrays.copyOf(sessionSalt, 16);
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= (byte) (ssrc >> (24 - 8 * i));
    }
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >> (40 - 8 * i));
    }
    return iv;
  }

  @ParameterizedTest
  @MethodSource("aesProviders")
  void rfc3711B3SessionKeysReproduceTheReferencePacket(Provider provider) throws Exception {
    byte[] payload = Arrays.copyOfRange(RTP_PLAIN, 12, RTP_PLAIN.length);
    byte[] keystream =
        ctrKeystream(provider, B3_CIPHER_KEY, aesCmIv(B3_CIPHER_SALT, 0xcafebabeL, 0x1234), 16);
    byte[] encrypted = new byte[16];
    for (int i = 0; i < 16; i++) {
      encrypted[i] = (byte) (payload[i] ^ keystream[i]);
    }
    Mac hmac = Mac.getInstance("HmacSHA1");
    hmac.init(new SecretKeySpec(B3_AUTH_KEY, "HmacSHA1"));
    hmac.update(SRTP_CM, 0, 28);
    byte[] tag = hmac.doFinal(new byte[4]); // ROC 0 (RFC 3711 §4.2)

    assertThat(encrypted).isEqualTo(Arrays.copyOfRange(SRTP_CM, 12, 28));
    assertThat(Arrays.copyOf(tag, 10)).isEqualTo(Arrays.copyOfRange(SRTP_CM, 28, 38));
  }

  @ParameterizedTest
  @MethodSource("aesProviders")
  void gcmCipherMatchesRfc7714Section16(Provider provider) throws Exception {
    byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    byte[] salt = "Quid pro quo".getBytes(StandardCharsets.US_ASCII);
    byte[] header = HEX.parseHex("8040f17b8041f8d35501a0b2");
    byte[] plaintext = "Gallia est omnis divisa in partes tres".getBytes(StandardCharsets.US_ASCII);
    // RFC 7714 §8.1: IV = salt XOR (00 00 || SSRC || ROC || SEQ)
    byte[] iv = salt.clone();
    for (int i = 0; i < 4; i++) {
      iv[2 + i] ^= header[8 + i];
    }
    iv[10] ^= header[2];
    iv[11] ^= header[3];
    byte[] packet = Arrays.copyOf(header, 12 + plaintext.length + 16);
    System.arraycopy(plaintext, 0, packet, 12, plaintext.length);
    SrtpCipherGcm gcm = new SrtpCipherGcm(Cipher.getInstance("AES/GCM/NoPadding", provider));
    gcm.init(key, null);

    gcm.setIV(iv, Cipher.ENCRYPT_MODE);
    gcm.processAAD(packet, 0, 12);
    int written = gcm.process(packet, 12, plaintext.length);

    assertThat(HEX.formatHex(iv)).isEqualTo("51753c6580c2726f20718414");
    assertThat(written).isEqualTo(plaintext.length + 16);
    assertThat(HEX.formatHex(packet)).isEqualTo("8040f17b8041f8d35501a0b2"
        + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf"
        + "8833899d7f27beb16a9152cf765ee4390cce");
  }

  private static SrtpSession session(SrtpProfile profile, byte[] key, byte[] salt) {
    SrtpMasterKey k = new SrtpMasterKey(profile, key, salt);
    return new SrtpSession(profile, k, k, 4);
  }

  @Test
  void aesCmSessionProducesTheReferenceSrtpPacketFromRfc3711B3MasterKey() throws Exception {
    try (SrtpSession s = session(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER_KEY,
        B3_MASTER_SALT)) {
      byte[] srtp = s.protectRtp(RTP_PLAIN);

      assertThat(HEX.formatHex(srtp)).isEqualTo(HEX.formatHex(SRTP_CM));
      assertThat(s.unprotectRtp(srtp)).isEqualTo(RTP_PLAIN);
    }
  }

  @Test
  void aesCmSessionProducesTheReferenceSrtcpPacket() throws Exception {
    try (SrtpSession s = session(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER_KEY,
        B3_MASTER_SALT)) {
      s.protectRtcp(RTCP_PLAIN); // SRTCP index 0; the reference packet carries index 1

      byte[] srtcp = s.protectRtcp(RTCP_PLAIN);

      assertThat(HEX.formatHex(srtcp)).isEqualTo(HEX.formatHex(SRTCP_CM));
      assertThat(s.unprotectRtcp(srtcp)).isEqualTo(RTCP_PLAIN);
    }
  }

  @Test
  void gcmSessionProducesTheReferenceSrtpAndSrtcpPackets() throws Exception {
    try (SrtpSession s = session(SrtpProfile.AEAD_AES_128_GCM, GCM_MASTER_KEY,
        GCM_MASTER_SALT)) {
      byte[] srtp = s.protectRtp(RTP_PLAIN);
      s.protectRtcp(RTCP_PLAIN);
      byte[] srtcp = s.protectRtcp(RTCP_PLAIN);

      assertThat(HEX.formatHex(srtp)).isEqualTo(HEX.formatHex(SRTP_GCM));
      assertThat(HEX.formatHex(srtcp)).isEqualTo(HEX.formatHex(SRTCP_GCM));
      assertThat(s.unprotectRtp(srtp)).isEqualTo(RTP_PLAIN);
      assertThat(s.unprotectRtcp(srtcp)).isEqualTo(RTCP_PLAIN);
    }
  }

  @Test
  void backendReportNamesTheProvidersJitsiSrtpSelected() {
    SrtpCryptoBackend backend = SrtpCryptoBackend.detect();
    LOG.info("jitsi-srtp backend here: {}", backend);

    assertThat(backend.aesCtrProvider()).isNotBlank().doesNotStartWith("unavailable");
    assertThat(backend.aesGcmProvider()).isNotBlank().doesNotStartWith("unavailable");
    assertThat(backend.hmacSha1Provider())
        .isEqualTo(backend.nativeOpenSslLoaded() ? "JitsiOpenSslProvider" : "SunJCE");
  }
}

package dev.salle.rtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SrtpKeysTest {

  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static byte[] range(int from, int to) {
    byte[] b = new byte[to - from];
    for (int i = from; i < to; i++) {
      b[i - from] = (byte) i;
    }
    return b;
  }

  @Test
  void profilesCarryTheirDtlsIdsAndLengths() {
    assertThat(SrtpProfile.fromId(0x0001)).contains(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(SrtpProfile.fromId(0x0007)).contains(SrtpProfile.AEAD_AES_128_GCM);
    assertThat(SrtpProfile.fromId(0x0002)).isEmpty();
    assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
    assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
    assertThat(SrtpProfile.AEAD_AES_128_GCM.tagLength()).isEqualTo(16);
  }

  @Test
  void keyingMaterialSplitsIntoClientKeyServerKeyClientSaltServerSalt() {
    SrtpKeys keys = SrtpKeys.fromKeyingMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, counting(60));

    assertThat(keys.client().key()).isEqualTo(range(0, 16));
    assertThat(keys.server().key()).isEqualTo(range(16, 32));
    assertThat(keys.client().salt()).isEqualTo(range(32, 46));
    assertThat(keys.server().salt()).isEqualTo(range(46, 60));
  }

  @Test
  void gcmKeyingMaterialUsesTwelveByteSalts() {
    SrtpKeys keys = SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, counting(56));

    assertThat(keys.server().key()).isEqualTo(range(16, 32));
    assertThat(keys.client().salt()).isEqualTo(range(32, 44));
    assertThat(keys.server().salt()).isEqualTo(range(44, 56));
  }

  @Test
  void theDtlsClientSendsWithTheClientKeyAndReceivesWithTheServerKey() {
    SrtpKeys keys = SrtpKeys.fromKeyingMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, counting(60));

    assertThat(keys.sending(true)).isEqualTo(keys.client());
    assertThat(keys.receiving(true)).isEqualTo(keys.server());
    assertThat(keys.sending(false)).isEqualTo(keys.server());
  }

  @Test
  void materialOfTheWrongLengthIsRejectedNamingBothLengths() {
    assertThatThrownBy(
        () -> SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("60 bytes").hasMessageContaining("needs 56")
        .hasMessageContaining("EXTRACTOR-dtls_srtp");
  }

  @Test
  void keysNeverPrintTheirBytes() {
    SrtpKeys keys = SrtpKeys.fromKeyingMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, counting(60));

    assertThat(keys.toString()).contains("redacted").doesNotContain("0, 1, 2");
    assertThat(keys.client().toString()).contains("redacted");
  }
}

package dev.salle.rtc.srtp;

import javax.crypto.Cipher;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.HmacSha1;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

/**
 * Which implementation jitsi-srtp uses here: its bundled native OpenSSL glue
 * ({@code libjitsisrtp}, loaded when the platform's libcrypto fits) or the JDK's (SunJCE) Java
 * ciphers. Both produce identical bytes; the native one is faster. Report it at start-up.
 *
 * @param nativeOpenSslLoaded whether {@code libjitsisrtp} loaded
 * @param aesCtrProvider provider jitsi-srtp picks for AES/CTR (AES-CM profiles)
 * @param aesGcmProvider provider jitsi-srtp picks for AES/GCM (AEAD profiles)
 * @param hmacSha1Provider provider jitsi-srtp picks for HMAC-SHA1
 */
public record SrtpCryptoBackend(boolean nativeOpenSslLoaded, String aesCtrProvider,
    String aesGcmProvider, String hmacSha1Provider) {

  /** Asks jitsi-srtp which providers it selects (may run its short cipher benchmark once). */
  public static SrtpCryptoBackend detect() {
    return new SrtpCryptoBackend(JitsiOpenSslProvider.isLoaded(),
        provider("AES/CTR/NoPadding"), provider("AES/GCM/NoPadding"),
        HmacSha1.createMac(new Slf4jJitsiLogger(SrtpCryptoBackend.class.getName()))
            .getProvider().getName());
  }

  private static String provider(String transformation) {
    try {
      Cipher c = Aes.createCipher(transformation);
      return c.getProvider().getName();
    } catch (RuntimeException e) {
      return "unavailable (" + e.getMessage() + ")";
    }
  }
}

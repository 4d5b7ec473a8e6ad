package dev.salle.rtc.srtp;

import java.util.Arrays;

/**
 * The SRTP master keys of both DTLS endpoints, split from the keying material exported with the
 * label {@value #EXPORTER_LABEL} (<a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">RFC
 * 5764 §4.2</a>): {@code client_write_key | server_write_key | client_write_salt |
 * server_write_salt}. The DTLS client sends with the client key; the server with the server key.
 */
public final class SrtpKeys {
  /** The TLS exporter label for DTLS-SRTP (RFC 5764 §4.2). */
  public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

  private final SrtpProfile profile;
  private final SrtpMasterKey client;
  private final SrtpMasterKey server;

  private SrtpKeys(SrtpProfile profile, SrtpMasterKey client, SrtpMasterKey server) {
    this.profile = profile;
    this.client = client;
    this.server = server;
  }

  /**
   * Splits exported keying material.
   *
   * @throws IllegalArgumentException when the length is not {@link
   *     SrtpProfile#keyingMaterialLength()}
   */
  public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material) {
    if (material.length != profile.keyingMaterialLength()) {
      throw new IllegalArgumentException("DTLS keying material has " + material.length
          + " bytes but " + profile + " needs " + profile.keyingMaterialLength()
          + "; export that many bytes with label " + EXPORTER_LABEL);
    }
    int k = profile.keyLength();
    int s = profile.saltLength();
    SrtpMasterKey client = new SrtpMasterKey(profile, Arrays.copyOfRange(material, 0, k),
        Arrays.copyOfRange(material, 2 * k, 2 * k + s));
    SrtpMasterKey server = new SrtpMasterKey(profile, Arrays.copyOfRange(material, k, 2 * k),
        Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    return new SrtpKeys(profile, client, server);
  }

  public SrtpProfile profile() {
    return profile;
  }

  public SrtpMasterKey client() {
    return client;
  }

  public SrtpMasterKey server() {
    return server;
  }

  /** The key we protect with: ours, the client's when we were the DTLS client. */
  public SrtpMasterKey sending(boolean weAreDtlsClient) {
    return weAreDtlsClient ? client : server;
  }

  /** The key the peer protects with, used to unprotect what we receive. */
  public SrtpMasterKey receiving(boolean weAreDtlsClient) {
    return weAreDtlsClient ? server : client;
  }

  @Override
  public String toString() {
    return "SrtpKeys[" + profile + ", redacted]";
  }
}

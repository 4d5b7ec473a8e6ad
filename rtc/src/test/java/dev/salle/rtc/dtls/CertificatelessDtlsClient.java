package dev.salle.rtc.dtls;

import dev.salle.rtc.srtp.SrtpProfile;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A plain Bouncy Castle DTLS client that offers {@code use_srtp} but answers the server's
 * certificate request with no certificate, as a non-WebRTC peer would.
 */
final class CertificatelessDtlsClient extends DefaultTlsClient {

    CertificatelessDtlsClient() {
        super(new BcTlsCrypto(new SecureRandom()));
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsEndpoint.CIPHER_SUITES);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {SrtpProfile.AEAD_AES_128_GCM.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 10_000;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                // accepts any server certificate: this client only exists to omit its own
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return null;
            }
        };
    }
}
